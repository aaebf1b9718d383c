package dev.upshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upshift.common.config.UpshiftConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes {@link SavepointFixture}: not a test (its name matches no test pattern, so no build runs it). Run it by
 * hand with the build whose state layout the fixture should pin, before a change that could move a uid or a state:
 * {@code mvn -pl jobs/local verify -Dit.test=SavepointFixtureWriter -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class SavepointFixtureWriter {
    private static final Duration PATIENCE = Duration.ofMinutes(2);

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestClusters.miniCluster();

    @TempDir
    Path workDir;

    @Test
    void write() throws Exception {
        UpshiftConfig base = SavepointFixture.config();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); EmbeddedMail mail = EmbeddedMail.start(workDir)) {
            UpshiftConfig config = base.withDelivery(mail.delivery(base.delivery(), CatalogScenario.owners()));
            UpshiftConfig.Topics topics = config.topics();
            kafka.createTopics(topics, 2);
            KafkaTopics client = new KafkaTopics(kafka.bootstrapServers());
            try (KafkaProducer<byte[], byte[]> producer = client.producer()) {
                CatalogScenario.produce(producer, topics.accounts(), CatalogScenario.lines("accounts.jsonl"));
                CatalogScenario.produce(producer, topics.feedback(), CatalogScenario.lines("feedback.jsonl"));
                CatalogScenario.produce(producer, topics.events(), SavepointFixture.eventsBefore());
            }
            JobClient job = SavepointFixture.start(config, kafka.bootstrapServers(), null);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (client.committed(SavepointFixture.GROUP, topics.events()) < SavepointFixture.eventsBefore().size()) {
                assertThat(System.nanoTime()).as("events read within " + PATIENCE).isLessThan(deadline);
                Thread.sleep(200);
            }
            String savepoint = job.stopWithSavepoint(false, workDir.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
                    .get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

            deleteRecursively(SavepointFixture.SAVEPOINT);
            copyRecursively(Path.of(java.net.URI.create(savepoint)), SavepointFixture.SAVEPOINT);
            Files.write(SavepointFixture.SIGNALS_BEFORE, client.readValues(topics.signals()));
            Files.write(SavepointFixture.OFFERS_BEFORE, client.readValues(topics.offers()));
        }
    }

    private static void copyRecursively(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(from.relativize(file).toString()));
            }
        }
    }

    private static void deleteRecursively(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }
}
