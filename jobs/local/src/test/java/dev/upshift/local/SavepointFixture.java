package dev.upshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.jobs.decisions.DecisionsJob;
import dev.upshift.jobs.runtime.FlinkSettings;
import dev.upshift.jobs.runtime.JobSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The committed savepoint of the decision job (delivery on, so that every stateful operator has state), taken by the
 * build before issue 19's restructuring, and the facts shared by its writer ({@link SavepointFixtureWriter}) and
 * its reader ({@link SavepointCompatibilityIT}): the config, the events before and after the stop, the scenario and its job.
 */
final class SavepointFixture {
    static final Path DIR = Path.of("src/test/resources/savepoints/before-issue-19");
    /** The savepoint directory itself (canonical format, so it can be moved). */
    static final Path SAVEPOINT = DIR.resolve("decisions");
    /** Signals and offers the first job wrote before it was stopped, read committed. */
    static final Path SIGNALS_BEFORE = DIR.resolve("signals-before.jsonl");
    static final Path OFFERS_BEFORE = DIR.resolve("offers-before.jsonl");
    /** Every operator uid and state name of the decision job, as {@link SavepointLayout} lists them. */
    static final Path STATE_LAYOUT = DIR.resolve("state-layout.txt");
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

    /** The decision job's operator uids, from the job graph today's code builds for {@code config}. */
    static List<String> uids(UpshiftConfig config) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DecisionsJob.define(env, config, new JobSettings("localhost:9092", GROUP, false));
        return env.getStreamGraph().getStreamNodes().stream().map(StreamNode::getTransformationUID).filter(Objects::nonNull).toList();
    }

    /**
     * The scenario on a fresh broker, with delivery through a fresh mail server: the accounts and outcomes, then
     * {@code events}, on their topics in the fixture's order, so that the savepoint's offsets point at the same records.
     */
    static final class Scenario implements AutoCloseable {
        private static final Duration PATIENCE = Duration.ofMinutes(2);
        final EmbeddedKafka kafka;
        final EmbeddedMail mail;
        final UpshiftConfig config;
        final KafkaTopics client;

        Scenario(Path workDir, List<String> events) {
            UpshiftConfig base = config();
            kafka = EmbeddedKafka.start();
            mail = EmbeddedMail.start(workDir);
            config = base.withDelivery(mail.delivery(base.delivery(), CatalogScenario.owners()));
            kafka.createTopics(config.topics(), 2);
            client = new KafkaTopics(kafka.bootstrapServers());
            try (KafkaProducer<byte[], byte[]> producer = client.producer()) {
                CatalogScenario.produce(producer, config.topics().accounts(), CatalogScenario.lines("accounts.jsonl"));
                CatalogScenario.produce(producer, config.topics().feedback(), CatalogScenario.lines("feedback.jsonl"));
                CatalogScenario.produce(producer, config.topics().events(), events);
            }
        }

        /** The live (unbounded) decision job, from {@code savepoint} when given, refusing any savepoint state it cannot place. */
        JobClient start(String savepoint) throws Exception {
            Configuration conf = FlinkSettings.of(config);
            conf.setString("parallelism.default", String.valueOf(PARALLELISM));
            if (savepoint != null) {
                conf.setString("execution.state-recovery.path", savepoint);
                conf.setString("execution.state-recovery.ignore-unclaimed-state", "false");
            }
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
            DecisionsJob.define(env, config, new JobSettings(kafka.bootstrapServers(), GROUP, false));
            return env.executeAsync("Upshift savepoint fixture");
        }

        /** Offsets are committed with each checkpoint: once they reach {@code count}, the job has read and checkpointed them. */
        void awaitEventsRead(long count) throws InterruptedException {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (client.committed(GROUP, config.topics().events()) < count) {
                assertThat(System.nanoTime()).as(count + " events read within " + PATIENCE).isLessThan(deadline);
                Thread.sleep(200);
            }
        }

        /** Stops the job with a canonical savepoint under {@code dir}; {@code drain} first ends event time. */
        String stop(JobClient job, boolean drain, Path dir) throws Exception {
            return job.stopWithSavepoint(drain, dir.toUri().toString(), SavepointFormatType.CANONICAL)
                    .get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            mail.close();
            kafka.close();
        }
    }
}
