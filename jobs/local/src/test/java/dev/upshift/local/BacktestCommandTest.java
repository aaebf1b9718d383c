package dev.upshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upshift.common.config.ConfigLoader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code ./upshift backtest} over committed scenarios reproduces the hand-checked signals, offers, audit
 * records and dead letters exactly (each scenario's README says what every account shows), whatever order the
 * files come in:
 * <ul>
 *   <li>{@code boundaries}: 80.0% vs 79.9%, two vs three weeks, a broken run, seats 13 vs 15 days apart, a
 *       duplicate event id, a top plan, an event filed at the end out of order, and every dead-letter reason an
 *       input can earn in a backtest (a backtest orders its input, so none is ever {@code late_event});</li>
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
        addScenarioOptions(scenario, args, null);

        assertThat(run(args.toArray(String[]::new))).isZero();

        for (String file : List.of(Backtest.SIGNALS, Backtest.OFFERS, Backtest.AUDIT, Backtest.DLQ)) {
            assertThat(Files.readAllLines(out.resolve(file))).as(name + "/" + file).containsExactlyElementsOf(expected(scenario, file));
        }
    }

    /** The scenario's own config and outcomes, if it has them; the outcomes in the given order. */
    private void addScenarioOptions(Path scenario, List<String> args, ExportOrder order) throws IOException {
        Path config = scenario.resolve("config.yaml");
        if (Files.exists(config)) {
            args.addAll(List.of("--config", config.toString()));
        }
        Path feedback = scenario.resolve("feedback.jsonl");
        if (Files.exists(feedback)) {
            args.addAll(List.of("--feedback", (order == null ? feedback : reordered(feedback, order, out.resolve("feedback.jsonl"))).toString()));
        }
    }

    private static List<String> expected(Path scenario, String file) throws IOException {
        Path config = scenario.resolve("config.yaml");
        String configVersion = (Files.exists(config) ? ConfigLoader.load(config) : ConfigLoader.defaults()).version();
        return Files.readAllLines(scenario.resolve("expected").resolve(file)).stream()
                .map(line -> line.replace("${configVersion}", configVersion))
                .toList();
    }

    /** The file's lines in an export's order (fixed seeds: a failure can be reproduced), gzipped when the target says so. */
    private static Path reordered(Path file, ExportOrder order, Path target) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        Random random = new Random(14);
        switch (order) {
            case SHUFFLED -> Collections.shuffle(lines, random);
            case BY_ACCOUNT -> lines.sort(Comparator.comparing(line -> field(line, "accountId")));
            case SHUFFLED_WITHIN_EACH_DAY -> {
                Map<String, List<String>> byDay = new TreeMap<>();
                for (String line : lines) {
                    String at = field(line, "occurredAt");
                    byDay.computeIfAbsent(at.length() >= 10 ? at.substring(0, 10) : at, day -> new ArrayList<>()).add(line);
                }
                lines.clear();
                byDay.values().forEach(day -> {
                    Collections.shuffle(day, random);
                    lines.addAll(day);
                });
            }
        }
        String text = String.join("\n", lines) + "\n";
        if (target.getFileName().toString().endsWith(".gz")) {
            try (OutputStream gzip = new GZIPOutputStream(Files.newOutputStream(target))) {
                gzip.write(text.getBytes(StandardCharsets.UTF_8));
            }
        } else {
            Files.writeString(target, text);
        }
        return target;
    }

    private Path withLineAtAThird(Path file, String extra) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.add(lines.size() / 3, extra);
        return Files.write(out.resolve(file.getFileName()), lines);
    }

    /** A field of a JSON line, or "" for lines that are not JSON or lack it (bad input kept in scenarios on purpose). */
    private static String field(String line, String name) {
        JsonNode node = TestJson.parseLenient(line);
        return node != null && node.path(name).isTextual() ? node.get(name).asText() : "";
    }

    private static List<String> reasons(Path deadLetters) throws IOException {
        return Files.readAllLines(deadLetters).stream().map(line -> TestJson.parse(line).get("reason").asText()).toList();
    }

    /** How exports come: by day but unsorted within it, sorted by account, or in no order at all. */
    enum ExportOrder {
        SHUFFLED_WITHIN_EACH_DAY, BY_ACCOUNT, SHUFFLED
    }

    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource({"boundaries, SHUFFLED_WITHIN_EACH_DAY", "catalog, SHUFFLED_WITHIN_EACH_DAY", "catalog, BY_ACCOUNT", "catalog, SHUFFLED"})
    void anExportInAnyOrderGivesByteIdenticalResultsAndNoLateEvent(String name, ExportOrder order) throws IOException {
        Path scenario = SCENARIOS.resolve(name);
        Path events = reordered(scenario.resolve("events.jsonl"), order, out.resolve("events.jsonl.gz"));
        List<String> args = new ArrayList<>(List.of("--accounts", reordered(scenario.resolve("accounts.jsonl"), order,
                out.resolve("accounts.jsonl")).toString(), "--events", events.toString(), "--out", out.resolve("results").toString()));
        addScenarioOptions(scenario, args, order);

        assertThat(run(args.toArray(String[]::new))).isZero();

        for (String file : List.of(Backtest.SIGNALS, Backtest.OFFERS, Backtest.AUDIT)) {
            assertThat(Files.readAllLines(out.resolve("results").resolve(file))).as(name + "/" + file)
                    .containsExactlyElementsOf(expected(scenario, file));
        }
        assertThat(reasons(out.resolve("results").resolve(Backtest.DLQ))).doesNotContain("late_event")
                .containsExactlyInAnyOrderElementsOf(reasons(scenario.resolve("expected").resolve(Backtest.DLQ)));
    }

    @Test
    void oneEventFromTheFutureAThirdOfTheWayInChangesNothingAndIsDeadLettered() throws IOException {
        Path scenario = SCENARIOS.resolve("catalog");
        Path events = withLineAtAThird(scenario.resolve("events.jsonl"),
                "{\"eventId\":\"from-2031\",\"accountId\":\"weekly-pressure\",\"type\":\"usage\",\"metric\":\"storage_gb\","
                        + "\"value\":1,\"occurredAt\":\"2031-03-01T00:00:00Z\"}");
        List<String> args = new ArrayList<>(List.of("--accounts", scenario.resolve("accounts.jsonl").toString(),
                "--events", events.toString(), "--out", out.resolve("results").toString()));
        addScenarioOptions(scenario, args, null);

        assertThat(run(args.toArray(String[]::new))).isZero();

        for (String file : List.of(Backtest.SIGNALS, Backtest.OFFERS, Backtest.AUDIT)) {
            assertThat(Files.readAllLines(out.resolve("results").resolve(file))).as(file).containsExactlyElementsOf(expected(scenario, file));
        }
        assertThat(Files.readAllLines(out.resolve("results").resolve(Backtest.DLQ))).singleElement()
                .satisfies(line -> assertThat(TestJson.parse(line).get("reason").asText()).isEqualTo("future_event"))
                .satisfies(line -> assertThat(TestJson.parse(line).at("/source/line").asLong()).isEqualTo(58));
    }

    @Test
    void oneOverflowingTimestampIsDeadLetteredAndTheBacktestSucceeds() throws IOException {
        Path scenario = SCENARIOS.resolve("catalog");
        Path events = withLineAtAThird(scenario.resolve("events.jsonl"),
                "{\"eventId\":\"overflow\",\"accountId\":\"weekly-pressure\",\"type\":\"session\",\"occurredAt\":\"+300000000-01-01T00:00:00Z\"}");
        List<String> args = new ArrayList<>(List.of("--accounts", scenario.resolve("accounts.jsonl").toString(),
                "--events", events.toString(), "--out", out.resolve("results").toString()));
        addScenarioOptions(scenario, args, null);

        assertThat(run(args.toArray(String[]::new))).isZero();

        assertThat(Files.readAllLines(out.resolve("results").resolve(Backtest.OFFERS))).containsExactlyElementsOf(expected(scenario, Backtest.OFFERS));
        assertThat(reasons(out.resolve("results").resolve(Backtest.DLQ))).containsExactly("invalid_timestamp");
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
