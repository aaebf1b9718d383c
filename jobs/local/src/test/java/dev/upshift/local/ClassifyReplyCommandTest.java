package dev.upshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ClassifyReplyCommandTest {
    private static final Path CORPUS = Path.of("../pipeline/src/test/resources/replies");

    @Test
    void printsEachReplysClassificationAsAJsonLine() {
        Path bounce = CORPUS.resolve("62-hard-bounce.eml");
        assertThat(run("classify-reply", bounce.toString()).strip()).isEqualTo("{\"file\":\"" + bounce + "\",\"classification\":{"
                + "\"label\":\"hard_bounce\",\"confidence\":0.99,\"reason\":\"delivery report: failed 5.1.1\",\"classifier\":\"rules-v1\","
                + "\"bouncedRecipient\":\"old.person@acme.example\",\"bounceStatus\":\"5.1.1\"}}");
    }

    @Test
    void classifiesAMailboxOverImapOneLinePerMessage() throws Exception {
        GreenMail server = new GreenMail(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));
        server.start();
        try {
            GreenMailUser user = server.setUser("replies@agents.test", "replies", "secret");
            for (String file : new String[] {"40-unsubscribe.eml", "62-hard-bounce.eml"}) {
                try (InputStream in = Files.newInputStream(CORPUS.resolve(file))) {
                    user.deliver(new MimeMessage(Session.getInstance(new Properties()), in));
                }
            }
            System.setProperty(ClassifyReplyCommand.IMAP_PASSWORD, "secret");
            String out = run("classify-reply", "--imap", "imap://replies@127.0.0.1:" + server.getImap().getPort() + "/INBOX");

            assertThat(out.lines()).hasSize(2);
            assertThat(out.lines().toList().get(0)).startsWith("{\"uid\":\"1\",\"classification\":{\"label\":\"unsubscribe\"");
            assertThat(out.lines().toList().get(1)).startsWith("{\"uid\":\"2\",\"classification\":{\"label\":\"hard_bounce\"");
        } finally {
            System.clearProperty(ClassifyReplyCommand.IMAP_PASSWORD);
            server.stop();
        }
    }

    @Test
    void aMissingFileIsAClearErrorWithExitTwo() {
        StringWriter err = new StringWriter();
        int exitCode = UpshiftCli.commandLine().setErr(new PrintWriter(err)).execute("classify-reply", "no-such.eml");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("upshift: no such file: no-such.eml");
    }

    /** Runs the CLI and returns what it printed; it must exit 0. */
    private static String run(String... args) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(UpshiftCli.commandLine().execute(args)).isZero();
        } finally {
            System.setOut(stdout);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
