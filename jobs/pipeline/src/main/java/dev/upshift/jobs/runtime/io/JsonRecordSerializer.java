package dev.upshift.jobs.runtime.io;

import dev.upshift.common.json.Json;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes an output record as JSON, keyed by its account id so all of an account's records share a partition.
 * The Kafka timestamp is left to the producer (write time): element timestamps are event time, often far in
 * the past or absent, and brokers reject those outside their timestamp bounds.
 */
public final class JsonRecordSerializer<T> implements KafkaRecordSerializationSchema<T> {
    private final String topic;
    private final SerializableFunction<T, String> accountId;

    public JsonRecordSerializer(String topic, SerializableFunction<T, String> accountId) {
        this.topic = topic;
        this.accountId = accountId;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        String key = accountId.apply(element);
        return new ProducerRecord<>(topic, null, null, key == null ? null : key.getBytes(StandardCharsets.UTF_8), Json.toBytes(element));
    }
}
