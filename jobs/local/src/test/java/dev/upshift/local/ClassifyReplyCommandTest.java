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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ClassifyReplyCommandTest {
    private static final Path CORPUS = Path.of("../pipeline/src/test/resources/replies");
    private static final Path REAL_MAIL = Path.of("../pipeline/src/test/resources/mail-corpus/sisimai");

    @Test
    void printsEachReplysClassificationAsAJsonLine() {
        Path bounce = CORPUS.resolve("62-hard-bounce.eml");
        assertThat(run("classify-reply", bounce.toString()).strip()).isEqualTo("{\"file\":\"" + bounce + "\",\"classification\":{"
                + "\"label\":\"hard_bounce\",\"confidence\":0.99,\"reason\":\"delivery report: failed 5.1.1; the address is gone\","
                + "\"classifier\":\"rules-v1\","
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
    void neverStopsEarlyAFileThatCannotBeClassifiedGetsALineSayingWhyAndTheExitCodeIsOne() throws Exception {
        String empty = Files.createTempFile("empty", ".eml").toString();
        String out = run(1, "classify-reply", CORPUS.resolve("40-unsubscribe.eml").toString(), "no-such.eml", CORPUS.toString(), empty);

        assertThat(out.lines().toList()).hasSize(4).satisfiesExactly(
                line -> assertThat(line).contains("\"label\":\"unsubscribe\""),
                line -> assertThat(line).isEqualTo("{\"file\":\"no-such.eml\",\"error\":\"no such file\"}"),
                line -> assertThat(line).isEqualTo("{\"file\":\"" + CORPUS + "\",\"error\":\"a directory, not a message file\"}"),
                line -> assertThat(line).contains("\"label\":\"question\""));
    }

    @Test
    void classifiesEveryMessageOfTheRealMailCorpus() throws Exception {
        try (var files = Files.list(REAL_MAIL)) {
            String[] args = Stream.concat(Stream.of("classify-reply"),
                    files.filter(file -> file.toString().endsWith(".eml")).sorted().map(Path::toString)).toArray(String[]::new);
            String out = run(0, args);
            assertThat(out.lines()).hasSize(629).allMatch(line -> line.contains("\"classification\":{\"label\":"));
        }
    }

    /** Runs the CLI and returns what it printed; it must exit with {@code exitCode}. */
    private static String run(int exitCode, String... args) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(UpshiftCli.commandLine().execute(args)).isEqualTo(exitCode);
        } finally {
            System.setOut(stdout);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String run(String... args) {
        return run(0, args);
    }
}
