package dev.upshift.jobs.runtime.io;

import dev.upshift.common.json.InputParser;
import dev.upshift.common.model.InputRecord;
import dev.upshift.common.model.SourceRef;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Parses Kafka records inside the source, so that bad ones become dead letters with their coordinates. */
public final class KafkaInputDeserializer implements KafkaRecordDeserializationSchema<InputRecord> {
    private final InputKind kind;
    private final InputParser parser;

    public KafkaInputDeserializer(InputKind kind, InputParser parser) {
        this.kind = kind;
        this.parser = parser;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<InputRecord> out) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        SourceRef source = SourceRef.kafka(record.topic(), record.partition(), record.offset());
        out.collect(kind.read(parser, key, record.value(), source));
    }

    @Override
    public TypeInformation<InputRecord> getProducedType() {
        return InputRecordType.INSTANCE;
    }
}
