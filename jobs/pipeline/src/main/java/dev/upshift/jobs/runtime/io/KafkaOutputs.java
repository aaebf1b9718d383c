package dev.upshift.jobs.runtime.io;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Output topics, written as JSON keyed by account (the suppression list by address key), exactly once: each checkpoint's records in a Kafka transaction
 * committed when the checkpoint completes, so readers with {@code isolation.level=read_committed} see every
 * record once, however often the job restarts.
 */
public final class KafkaOutputs {
    /** Above the checkpoint interval plus the longest restart we expect; the broker's default cap is 15 minutes. */
    private static final String TRANSACTION_TIMEOUT_MS = "900000";

    private final String bootstrapServers;
    private final String jobName;

    /** @param jobName prefixes transactional ids, which must differ between the jobs writing to one cluster (the consumer group's id does) */
    public KafkaOutputs(String bootstrapServers, String jobName) {
        this.bootstrapServers = bootstrapServers;
        this.jobName = jobName;
    }

    /** @param key the record's Kafka key: its account, or for the suppression list its address key */
    public <T> void exactlyOnce(DataStream<T> stream, String topic, SerializableFunction<T, String> key, String name) {
        stream.sinkTo(KafkaSink.<T>builder()
                        .setBootstrapServers(bootstrapServers)
                        .setRecordSerializer(new JsonRecordSerializer<>(topic, key))
                        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                        .setTransactionalIdPrefix(jobName + "-" + name)
                        .setProperty("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS)
                        .build())
                .uid("sink-" + name)
                .name("Kafka: " + topic);
    }
}
