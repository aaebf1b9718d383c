package dev.upshift.jobs.unsubscribe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshift.common.json.Json;
import dev.upshift.common.mail.UnsubscribeLinks;
import dev.upshift.common.model.Feedback;
import dev.upshift.jobs.runtime.io.AcknowledgedProducers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Opt-outs written to the feedback topic as {@code unsubscribed} outcomes, acknowledged before the page answers. */
public final class KafkaUnsubscribes implements UnsubscribeService.Outcomes, AutoCloseable {
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;

    public KafkaUnsubscribes(String bootstrapServers, String feedbackTopic) {
        Properties props = AcknowledgedProducers.properties(bootstrapServers);
        // A person or a mail provider waits for the answer: when Kafka is away, say so in seconds (a 503 to retry),
        // rather than hold the request for the client's default minute.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) ANSWER_WITHIN.toMillis());
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ANSWER_WITHIN.toMillis());
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) ANSWER_WITHIN.multipliedBy(2).toMillis());
        this.producer = new KafkaProducer<>(props);
        this.topic = feedbackTopic;
    }

    @Override
    public void unsubscribed(UnsubscribeLinks.Verified who, long at) throws IOException {
        ObjectNode outcome = Json.MAPPER.createObjectNode();
        outcome.put("feedbackId", "unsubscribe:" + who.offerId());
        outcome.put("accountId", who.accountId());
        outcome.put("offerId", who.offerId());
        outcome.put("outcome", Feedback.UNSUBSCRIBED);
        outcome.put("occurredAt", Instant.ofEpochMilli(at).toString());
        try {
            producer.send(new ProducerRecord<>(topic, who.accountId().getBytes(StandardCharsets.UTF_8), Json.toBytes(outcome))).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while recording an unsubscribe", e);
        } catch (ExecutionException e) {
            throw new IOException("cannot record an unsubscribe on " + topic + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
