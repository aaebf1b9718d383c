package dev.upshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upshift.common.config.ConfigLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code ./upshift backtest} over committed scenarios reproduces the hand-checked signals, offers, audit
 * records and dead letters exactly (each scenario's README says what every account shows):
 * <ul>
 *   <li>{@code boundaries}: 80.0% vs 79.9%, two vs three weeks, a broken run, seats 13 vs 15 days apart, a
 *       duplicate event id, a top plan, and every dead-letter reason;</li>
 *   <li>{@code catalog}: every signal and every guardrail, the expected-value ranking, learning from
 *       outcomes, the holdout, and withdrawal after an acceptance.</li>
 * </ul>
 * A scenario may carry its own {@code config.yaml} and {@code feedback.jsonl}.
 */
class BacktestCommandTest {
    private static final Path SCENARIOS = Path.of("src/test/resources/scenarios");
    private static final Path SCENARIO = SCENARIOS.resolve("boundaries");

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestClusters.miniCluster();

    @TempDir
    Path out;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"boundaries", "catalog"})
    void writesExactlyTheExpectedRecords(String name) throws IOException {
        Path scenario = SCENARIOS.resolve(name);
        List<String> args = new ArrayList<>(List.of("--accounts", scenario.resolve("accounts.jsonl").toString(),
                "--events", scenario.resolve("events.jsonl").toString(), "--out", out.toString()));
        Path config = scenario.resolve("config.yaml");
        if (Files.exists(config)) {
            args.addAll(List.of("--config", config.toString()));
        }
        if (Files.exists(scenario.resolve("feedback.jsonl"))) {
            args.addAll(List.of("--feedback", scenario.resolve("feedback.jsonl").toString()));
        }
        String configVersion = (Files.exists(config) ? ConfigLoader.load(config) : ConfigLoader.defaults()).version();

        assertThat(run(args.toArray(String[]::new))).isZero();

        for (String file : List.of(Backtest.SIGNALS, Backtest.OFFERS, Backtest.AUDIT, Backtest.DLQ)) {
            List<String> expected = Files.readAllLines(scenario.resolve("expected").resolve(file)).stream()
                    .map(line -> line.replace("${configVersion}", configVersion))
                    .toList();
            assertThat(Files.readAllLines(out.resolve(file))).as(name + "/" + file).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void aBadConfigFileFailsFastWithFileAndPath() throws IOException {
        Path config = Files.writeString(out.resolve("bad.yaml"), "guardrails:\n  cooldown: thirty days\n");
        StringWriter err = new StringWriter();

        int exitCode = UpshiftCli.commandLine().setErr(new PrintWriter(err)).execute("backtest",
                "--accounts", SCENARIO.resolve("accounts.jsonl").toString(),
                "--events", SCENARIO.resolve("events.jsonl").toString(), "--out", out.toString(),
                "--config", config.toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).startsWith("upshift: " + config + ": at 'guardrails.cooldown': expected an ISO-8601 duration");
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
        List<String> command = new ArrayList<>(List.of("backtest"));
        command.addAll(List.of(args));
        return UpshiftCli.commandLine().execute(command.toArray(String[]::new));
    }
}
