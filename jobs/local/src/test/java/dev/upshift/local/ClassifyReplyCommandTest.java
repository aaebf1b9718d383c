package dev.upshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ClassifyReplyCommandTest {
    private static final Path CORPUS = Path.of("../pipeline/src/test/resources/replies");

    @Test
    void printsEachReplysClassificationAsAJsonLine() {
        Path bounce = CORPUS.resolve("62-hard-bounce.eml");
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(UpshiftCli.commandLine().execute("classify-reply", bounce.toString())).isZero();
        } finally {
            System.setOut(stdout);
        }
        assertThat(out.toString(StandardCharsets.UTF_8).strip()).isEqualTo("{\"file\":\"" + bounce + "\",\"classification\":{"
                + "\"label\":\"hard_bounce\",\"confidence\":0.99,\"reason\":\"delivery report: failed 5.1.1\",\"classifier\":\"rules-v1\","
                + "\"bouncedRecipient\":\"old.person@acme.example\",\"bounceStatus\":\"5.1.1\"}}");
    }

    @Test
    void aMissingFileIsAClearErrorWithExitTwo() {
        StringWriter err = new StringWriter();
        int exitCode = UpshiftCli.commandLine().setErr(new PrintWriter(err)).execute("classify-reply", "no-such.eml");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("upshift: no such file: no-such.eml");
    }
}
