package dev.upshift.jobs.io;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.function.SerializableFunction;

/** Output topics, written as JSON keyed by account; at least once, or exactly once for records acted on downstream. */
public final class KafkaOutputs {
    /** Above the longest checkpoint interval plus restart time we expect, below the broker's 15-minute default cap. */
    private static final String TRANSACTION_TIMEOUT_MS = "900000";

    private final String bootstrapServers;
    private final String jobName;

    /** @param jobName prefixes transactional ids, which must differ between the jobs writing to one cluster */
    public KafkaOutputs(String bootstrapServers, String jobName) {
        this.bootstrapServers = bootstrapServers;
        this.jobName = jobName;
    }

    public <T> void atLeastOnce(DataStream<T> stream, String topic, SerializableFunction<T, String> accountId, String name) {
        write(stream, topic, accountId, name, DeliveryGuarantee.AT_LEAST_ONCE);
    }

    /** Readers see the records once their checkpoint completes, with {@code isolation.level=read_committed}. */
    public <T> void exactlyOnce(DataStream<T> stream, String topic, SerializableFunction<T, String> accountId, String name) {
        write(stream, topic, accountId, name, DeliveryGuarantee.EXACTLY_ONCE);
    }

    private <T> void write(DataStream<T> stream, String topic, SerializableFunction<T, String> accountId, String name,
            DeliveryGuarantee guarantee) {
        KafkaSinkBuilder<T> builder = KafkaSink.<T>builder()
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(new JsonRecordSerializer<>(topic, accountId))
                .setDeliveryGuarantee(guarantee);
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            builder.setTransactionalIdPrefix(jobName + "-" + name).setProperty("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS);
        }
        stream.sinkTo(builder.build()).uid("sink-" + name).name("Kafka: " + topic);
    }
}
