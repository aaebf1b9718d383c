package dev.upshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.jobs.FlinkSettings;
import dev.upshift.jobs.KafkaJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running decision job is stopped with a savepoint half-way through the catalog scenario's events, and a new job
 * is started from that savepoint at another parallelism (2, then 1: every key group moves). Once it has read the
 * rest and drained (the end of event time), its outputs and the first job's, read committed, are exactly the
 * backtest's: nothing lost, nothing twice, the state intact across the stop.
 */
class SavepointRescaleIT {
    private static final Duration PATIENCE = Duration.ofMinutes(2);

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestClusters.miniCluster();

    @TempDir
    Path workDir;

    @Test
    void aJobRestoredFromASavepointAtAnotherParallelismDecidesExactlyAsOneUninterruptedRun() throws Exception {
        UpshiftConfig config = CatalogScenario.config("rescale", """
                flink:
                  execution.checkpointing.interval: 300ms
                """);
        UpshiftConfig.Topics topics = config.topics();
        List<String> events = CatalogScenario.lines("events.jsonl");
        Instant half = Instant.parse(TestJson.parse(events.get(events.size() / 2)).get("occurredAt").asText());
        List<String> before = events.stream().filter(event -> occurredAt(event).isBefore(half)).toList();
        List<String> after = events.stream().filter(event -> !occurredAt(event).isBefore(half)).toList();
        assertThat(before).isNotEmpty();
        assertThat(after).isNotEmpty();

        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(topics, 2);
            KafkaTopics client = new KafkaTopics(kafka.bootstrapServers());
            try (KafkaProducer<byte[], byte[]> producer = client.producer()) {
                CatalogScenario.produce(producer, topics.accounts(), CatalogScenario.lines("accounts.jsonl"));
                CatalogScenario.produce(producer, topics.feedback(), CatalogScenario.lines("feedback.jsonl"));
                CatalogScenario.produce(producer, topics.events(), before);
            }
            JobClient first = start(config, kafka, 2, null);
            awaitEventsRead(client, before.size());
            String savepoint = first.stopWithSavepoint(false, workDir.resolve("savepoints").toUri().toString(),
                    SavepointFormatType.CANONICAL).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

            try (KafkaProducer<byte[], byte[]> producer = client.producer()) {
                CatalogScenario.produce(producer, topics.events(), after);
            }
            JobClient second = start(config, kafka, 1, savepoint);
            awaitEventsRead(client, events.size());
            second.stopWithSavepoint(true, workDir.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
                    .get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

            assertThat(client.readValues(topics.signals())).containsExactlyInAnyOrderElementsOf(expected("signals.jsonl"));
            assertThat(client.readValues(topics.offers())).containsExactlyInAnyOrderElementsOf(expected("offers.jsonl"));
        }
    }

    private static JobClient start(UpshiftConfig config, EmbeddedKafka kafka, int parallelism, String savepoint) throws Exception {
        Configuration conf = FlinkSettings.of(config);
        conf.setString("parallelism.default", String.valueOf(parallelism));
        if (savepoint != null) {
            conf.setString("execution.state-recovery.path", savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        KafkaJob.define(env, config, new KafkaJob.Settings(kafka.bootstrapServers(), "rescale", false));
        return env.executeAsync("Upshift savepoint IT at parallelism " + parallelism);
    }

    /** Offsets are committed with each checkpoint: once they reach the count, the job has read (and checkpointed) them. */
    private static void awaitEventsRead(KafkaTopics client, long count) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (client.committed("rescale", "rescale.events") < count) {
            assertThat(System.nanoTime()).as("events read within " + PATIENCE).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static Instant occurredAt(String event) {
        return Instant.parse(TestJson.parse(event).get("occurredAt").asText());
    }

    private static List<String> expected(String file) throws IOException {
        return Files.readAllLines(CatalogScenario.DIR.resolve("expected").resolve(file));
    }
}
