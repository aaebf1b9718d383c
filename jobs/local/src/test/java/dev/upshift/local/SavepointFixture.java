package dev.upshift.local;

import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.jobs.FlinkSettings;
import dev.upshift.jobs.KafkaJob;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The committed savepoint of the decision job (delivery on, so that every stateful operator has state), taken by the
 * build before issue 19's restructuring, and the facts shared by its writer ({@link SavepointFixtureWriter}) and
 * its reader ({@link SavepointCompatibilityIT}): the config, the events before and after the stop, the job's start.
 */
final class SavepointFixture {
    static final Path DIR = Path.of("src/test/resources/savepoints/before-issue-19");
    /** The savepoint directory itself (canonical format, so it can be moved). */
    static final Path SAVEPOINT = DIR.resolve("decisions");
    /** Signals and offers the first job wrote before it was stopped, read committed. */
    static final Path SIGNALS_BEFORE = DIR.resolve("signals-before.jsonl");
    static final Path OFFERS_BEFORE = DIR.resolve("offers-before.jsonl");
    static final String GROUP = "fixture";
    static final int PARALLELISM = 2;

    private SavepointFixture() {}

    /** A fixed vault key (committed beside the savepoint), so that another JVM can open the sealed account terms. */
    static UpshiftConfig config() {
        return CatalogScenario.config(GROUP, """
                flink:
                  execution.checkpointing.interval: 300ms
                vault:
                  keyFile: %s
                """.formatted(DIR.resolve("vault.keys")));
    }

    /** The catalog's events before the half-way event time: the fixture's job read these. */
    static List<String> eventsBefore() {
        return CatalogScenario.lines("events.jsonl").stream().filter(event -> occurredAt(event).isBefore(half())).toList();
    }

    static List<String> eventsAfter() {
        return CatalogScenario.lines("events.jsonl").stream().filter(event -> !occurredAt(event).isBefore(half())).toList();
    }

    private static Instant half() {
        List<String> events = CatalogScenario.lines("events.jsonl");
        return occurredAt(events.get(events.size() / 2));
    }

    private static Instant occurredAt(String event) {
        return Instant.parse(TestJson.parse(event).get("occurredAt").asText());
    }

    /** The live (unbounded) decision job, from {@code savepoint} when given, refusing any savepoint state it cannot place. */
    static JobClient start(UpshiftConfig config, String bootstrapServers, String savepoint) throws Exception {
        Configuration conf = FlinkSettings.of(config);
        conf.setString("parallelism.default", String.valueOf(PARALLELISM));
        if (savepoint != null) {
            conf.setString("execution.state-recovery.path", savepoint);
            conf.setString("execution.state-recovery.ignore-unclaimed-state", "false");
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        KafkaJob.define(env, config, new KafkaJob.Settings(bootstrapServers, GROUP, false));
        return env.executeAsync("Upshift savepoint fixture");
    }
}
