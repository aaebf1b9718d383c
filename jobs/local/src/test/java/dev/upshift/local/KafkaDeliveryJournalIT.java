package dev.upshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.json.Json;
import dev.upshift.common.model.Suppression;
import dev.upshift.jobs.delivery.DeliveryJournal;
import dev.upshift.jobs.delivery.KafkaDeliveryJournal;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * The mail committer's view of the suppression list on a real broker: each check reads the compacted topic up to
 * its latest committed entry, a lift takes a contact off again, and an entry that does not parse is skipped.
 */
class KafkaDeliveryJournalIT {
    @Test
    void theSuppressionListIsReadUpToItsLatestEntryBeforeEachCheck() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            UpshiftConfig.Topics topics = CatalogScenario.config("journal", "").topics();
            kafka.createTopics(topics, 2);
            KafkaTopics client = new KafkaTopics(kafka.bootstrapServers());
            try (DeliveryJournal journal = KafkaDeliveryJournal.factory(kafka.bootstrapServers(), "test", topics).open(0);
                    KafkaProducer<byte[], byte[]> producer = client.producer()) {
                assertThat(journal.suppressedAmong(List.of("grace-key", "alan-key"))).isEmpty();

                producer.send(KafkaTopics.record(topics.suppressions(), "grace-key",
                        Json.toText(Suppression.of("grace-key", Suppression.COMPLAINED, "acme", "o1", 1L)))).get();
                producer.send(KafkaTopics.record(topics.suppressions(), "broken", "{not json")).get();
                assertThat(journal.suppressedAmong(List.of("grace-key", "alan-key"))).containsExactly("grace-key");

                producer.send(KafkaTopics.record(topics.suppressions(), "grace-key",
                        Json.toText(Suppression.lift("grace-key", "asked to hear from us again", "ops@upshift.test", "acme", 2L)))).get();
                assertThat(journal.suppressedAmong(List.of("grace-key"))).isEmpty();
            }
        }
    }
}
