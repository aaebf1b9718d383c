package dev.upshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code ./upshift backtest} over a committed scenario reproduces the hand-checked signals, offers and dead
 * letters exactly. The scenario covers the boundaries: 80.0% vs 79.9%, two vs three weeks, a broken run,
 * seats 13 vs 15 days apart, a duplicate event id, the cooldown, a top plan, and every dead-letter reason.
 */
class BacktestCommandTest {
    private static final Path SCENARIO = Path.of("src/test/resources/scenarios/boundaries");

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestClusters.miniCluster();

    @TempDir
    Path out;

    @ParameterizedTest
    @ValueSource(strings = {Backtest.SIGNALS, Backtest.OFFERS, Backtest.DLQ})
    void writesExactlyTheExpectedRecords(String file) throws IOException {
        assertThat(run("--accounts", SCENARIO.resolve("accounts.jsonl").toString(),
                "--events", SCENARIO.resolve("events.jsonl").toString(), "--out", out.toString())).isZero();

        assertThat(Files.readAllLines(out.resolve(file)))
                .containsExactlyElementsOf(Files.readAllLines(SCENARIO.resolve("expected").resolve(file)));
    }

    @Test
    void aBadConfigFileFailsFastWithFileAndPath() throws IOException {
        Path config = Files.writeString(out.resolve("bad.yaml"), "offers:\n  cooldown: thirty days\n");
        StringWriter err = new StringWriter();

        int exitCode = UpshiftCli.commandLine().setErr(new PrintWriter(err)).execute("backtest",
                "--accounts", SCENARIO.resolve("accounts.jsonl").toString(),
                "--events", SCENARIO.resolve("events.jsonl").toString(), "--out", out.toString(),
                "--config", config.toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).startsWith("upshift: " + config + ": at 'offers.cooldown': expected an ISO-8601 duration");
        assertThat(out.resolve(Backtest.SIGNALS)).doesNotExist();
    }

    @Test
    void aMissingInputFileIsAClearError() {
        StringWriter err = new StringWriter();

        int exitCode = UpshiftCli.commandLine().setErr(new PrintWriter(err)).execute("backtest",
                "--accounts", "no-such-file.jsonl", "--events", SCENARIO.resolve("events.jsonl").toString(),
                "--out", out.toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("upshift: cannot read input file no-such-file.jsonl" + System.lineSeparator());
    }

    private static int run(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("backtest"));
        command.addAll(List.of(args));
        return UpshiftCli.commandLine().execute(command.toArray(String[]::new));
    }
}
