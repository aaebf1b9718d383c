package dev.upshift.console;

import dev.upshift.common.json.Json;
import dev.upshift.common.model.Approval;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes reviewers' decisions to {@code upshift.approvals} (the approval contract), keyed by account, and waits
 * for the broker's acknowledgement, so that the page says "sent to the job" only once it is on the topic.
 */
final class ApprovalWriter implements AutoCloseable {
    private static final long ACK_TIMEOUT_SECONDS = 15;

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;

    ApprovalWriter(String bootstrapServers, String topic) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "upshift-console-approvals");
        this.producer = new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    /** Writes it as the contract has it (the model serializes as the approval schema). */
    void write(Approval approval) {
        try {
            producer.send(new ProducerRecord<>(topic, null, approval.decidedAt, approval.accountId.getBytes(StandardCharsets.UTF_8),
                    Json.toBytes(approval))).get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotWritten("interrupted while writing the decision", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new NotWritten("Kafka did not take the decision (" + e.getClass().getSimpleName() + "); nothing was written, try again", e);
        }
    }

    /** The broker did not acknowledge a decision: it is not on the topic, and the reviewer should try again. */
    static final class NotWritten extends RuntimeException {
        NotWritten(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
