package dev.upshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upshift.common.config.UpshiftConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Today's decision job starts from the savepoint the build before issue 19 took ({@link SavepointFixture}) half-way
 * through the catalog scenario, refusing any state it cannot place (so a changed uid fails the start), reads the
 * rest, and drains. What the old job wrote before its stop plus what this one writes after it is exactly the
 * backtest's: the restored state (weeks in a row, decisions held for the watermark, the sealed account terms) is
 * read under today's names and serializers.
 */
class SavepointCompatibilityIT {
    private static final Duration PATIENCE = Duration.ofMinutes(2);

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestClusters.miniCluster();

    @TempDir
    Path workDir;

    @Test
    void theSavepointOfTheBuildBeforeTheRestructuringRestoresAndFinishesTheScenario() throws Exception {
        UpshiftConfig base = SavepointFixture.config();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); EmbeddedMail mail = EmbeddedMail.start(workDir)) {
            UpshiftConfig config = base.withDelivery(mail.delivery(base.delivery(), CatalogScenario.owners()));
            UpshiftConfig.Topics topics = config.topics();
            kafka.createTopics(topics, 2);
            KafkaTopics client = new KafkaTopics(kafka.bootstrapServers());
            // The same records in the same order as the fixture's broker had, so that its offsets point at the same records.
            try (KafkaProducer<byte[], byte[]> producer = client.producer()) {
                CatalogScenario.produce(producer, topics.accounts(), CatalogScenario.lines("accounts.jsonl"));
                CatalogScenario.produce(producer, topics.feedback(), CatalogScenario.lines("feedback.jsonl"));
                CatalogScenario.produce(producer, topics.events(), SavepointFixture.eventsBefore());
                CatalogScenario.produce(producer, topics.events(), SavepointFixture.eventsAfter());
            }
            JobClient job = SavepointFixture.start(config, kafka.bootstrapServers(), SavepointFixture.SAVEPOINT.toAbsolutePath().toUri().toString());
            long events = SavepointFixture.eventsBefore().size() + SavepointFixture.eventsAfter().size();
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (client.committed(SavepointFixture.GROUP, topics.events()) < events) {
                assertThat(System.nanoTime()).as("the rest of the events read within " + PATIENCE).isLessThan(deadline);
                Thread.sleep(200);
            }
            job.stopWithSavepoint(true, workDir.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
                    .get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

            assertThat(SavepointFixture.eventsBefore()).isNotEmpty();
            assertThat(concat(SavepointFixture.SIGNALS_BEFORE, client.readValues(topics.signals())))
                    .containsExactlyInAnyOrderElementsOf(Files.readAllLines(CatalogScenario.DIR.resolve("expected/signals.jsonl")));
            assertThat(concat(SavepointFixture.OFFERS_BEFORE, client.readValues(topics.offers())))
                    .containsExactlyInAnyOrderElementsOf(Files.readAllLines(CatalogScenario.DIR.resolve("expected/offers.jsonl")));
        }
    }

    private static List<String> concat(Path before, List<String> after) throws Exception {
        List<String> all = new ArrayList<>(Files.readAllLines(before));
        all.addAll(after);
        return all;
    }
}
