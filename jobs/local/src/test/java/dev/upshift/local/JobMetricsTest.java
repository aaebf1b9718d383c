package dev.upshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upshift.common.config.ConfigLoader;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.json.InputParser;
import dev.upshift.jobs.decisions.DecisionsTopology;
import dev.upshift.jobs.runtime.FlinkSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's own metrics, as a reporter sees them, agree with what it wrote: on the boundaries scenario (every kind
 * of bad input) signals by type, decisions by status, suppressions and dead letters by reason match the golden
 * files, every input record is counted by kind, and the event-time lag gauge reports how far the data lies behind.
 */
class JobMetricsTest {
    private static final Path SCENARIO = Path.of("src/test/resources/scenarios/boundaries");

    @TempDir
    Path workDir;

    @Test
    void countersMatchTheOutputsAndTheLagGaugeReportsTheDistanceToNow() throws Exception {
        InMemoryReporter reporter = InMemoryReporter.createWithRetainedMetrics();
        UpshiftConfig config = ConfigLoader.load(SCENARIO.resolve("config.yaml"));
        Configuration conf = reporter.addToConfiguration(FlinkSettings.of(config));
        conf.removeConfig(CheckpointingOptions.CHECKPOINTING_INTERVAL);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        DecisionsTopology.Outputs outputs = DecisionsTopology.build(
                Backtest.inputs(env, ReplayFile.write(new InputFiles(SCENARIO.resolve("accounts.jsonl"), SCENARIO.resolve("events.jsonl"),
                        null), new InputParser(config), workDir, new Progress()), config), config);
        discard(outputs.signals(), "signals");
        discard(outputs.offers(), "offers");
        discard(outputs.audit(), "audit");
        discard(outputs.deadLetters(), "dlq");
        long started = System.currentTimeMillis();
        env.execute("Upshift metrics test");

        Map<String, Metric> metrics = ours(reporter);
        assertThat(counts(metrics, "signal", "signals")).isEqualTo(expected("signals.jsonl", signal -> signal.get("signal").asText()));
        assertThat(counts(metrics, "status", "decisions")).isEqualTo(expected("offers.jsonl", offer -> offer.get("status").asText()));
        assertThat(counts(metrics, "reason", "suppressions")).isEqualTo(expected("offers.jsonl", offer -> offer.get("status").asText()
                .equals("suppressed") ? offer.get("reason").asText() : null));
        assertThat(counts(metrics, "reason", "deadLetters")).isEqualTo(expected("dlq.jsonl", letter -> letter.get("reason").asText()));
        assertThat(counts(metrics, "kind", "recordsIn").values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(lines("accounts.jsonl") + lines("events.jsonl"));

        long newestEvent = Files.readAllLines(SCENARIO.resolve("events.jsonl")).stream().map(TestJson::parseLenient)
                .filter(event -> event != null && event.path("occurredAt").isTextual())
                .mapToLong(event -> parseInstant(event.get("occurredAt").asText())).max().orElseThrow();
        List<Long> lags = metrics.entrySet().stream().filter(entry -> entry.getKey().endsWith(".upshift.eventTimeLagMillis"))
                .map(entry -> (Long) ((Gauge<?>) entry.getValue()).getValue()).toList();
        assertThat(lags).isNotEmpty().anySatisfy(lag -> assertThat(lag).isGreaterThanOrEqualTo(started - newestEvent));
    }

    /** Upshift's metrics by identifier (Flink's own may repeat an identifier across subtasks; ours carry the subtask). */
    private static Map<String, Metric> ours(InMemoryReporter reporter) {
        Map<String, Metric> metrics = new TreeMap<>();
        reporter.getMetricsByGroup().forEach((group, byName) -> byName.forEach((name, metric) -> {
            String identifier = group.getMetricIdentifier(name);
            if (identifier.contains(".upshift.")) {
                metrics.put(identifier, metric);
            }
        }));
        return metrics;
    }

    private static <T> void discard(DataStream<T> stream, String name) {
        stream.sinkTo(new DiscardingSink<>()).uid("discard-" + name).name("Discard: " + name);
    }

    /** Counters {@code upshift.<key>.<value>.<name>} summed over subtasks, by value. */
    private static Map<String, Long> counts(Map<String, Metric> metrics, String key, String name) {
        Pattern identifier = Pattern.compile("\\.upshift\\." + key + "\\.([^.]+)\\." + name + "$");
        Map<String, Long> counts = new TreeMap<>();
        metrics.forEach((id, metric) -> {
            Matcher matcher = identifier.matcher(id);
            if (matcher.find() && metric instanceof Counter counter) {
                counts.merge(matcher.group(1), counter.getCount(), Long::sum);
            }
        });
        return counts;
    }

    private static Map<String, Long> expected(String file, Function<JsonNode, String> key) throws IOException {
        return Files.readAllLines(SCENARIO.resolve("expected").resolve(file)).stream().filter(line -> !line.isBlank())
                .map(TestJson::parse).map(key).filter(value -> value != null)
                .collect(Collectors.groupingBy(value -> value, TreeMap::new, Collectors.counting()));
    }

    private static long lines(String file) throws IOException {
        try (Stream<String> lines = Files.lines(SCENARIO.resolve(file))) {
            return lines.filter(line -> !line.isBlank()).count();
        }
    }

    private static long parseInstant(String text) {
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (RuntimeException e) {
            return Long.MIN_VALUE;
        }
    }
}
