package dev.upshift.jobs.runtime.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upshift.common.config.ConfigLoader;
import dev.upshift.common.json.InputParser;
import dev.upshift.common.model.InputRecord;
import dev.upshift.common.model.SourceRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Records as the parser makes them from raw input, through the serializer and back, field for field. */
class InputRecordSerializerTest {
    private static final SourceRef SOURCE = SourceRef.kafka("upshift.events", 3, 9_000_000_000L);
    /** JSON text: CR/LF, quotes, a tab, an emoji and a lone surrogate, escaped as a client would send them. */
    private static final String HOSTILE = "line\\r\\nbreak, \\\"quotes\\\", tab\\t, 🚀 and a lone \\ud83d";

    private final InputParser parser = new InputParser(ConfigLoader.defaults());
    private final TypeSerializer<InputRecord> serializer = InputRecordType.INSTANCE.createSerializer(new SerializerConfigImpl());

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            EVENTS      | e1 | {"eventId":"e1","accountId":"a1","type":"usage","metric":"api_calls","quantity":12.5,"occurredAt":"2026-01-06T10:00:00Z"}
            EVENTS      | e2 | {"eventId":"e2","accountId":"a1","type":"usage","metric":"storage_gb","value":8,"occurredAt":"2026-01-06T10:00:00+02:00"}
            EVENTS      | e3 | {"eventId":"e3","accountId":"a1","type":"feature_gate","userId":"u\\r\\n1","feature":"sso","attributes":{"page":"x\\r\\ny","nested":{"a":[1,2]},"n":null},"occurredAt":"2026-01-06T10:00:00Z"}
            EVENTS      | e4 | {"eventId":"e4","accountId":"a1","type":"explicit_ask","capability":"🚀 sso","name":"Ann","occurredAt":"2026-01-06T10:00:00Z"}
            EVENTS      | e5 | {"eventId":"e5","accountId":"a1","type":"usage","metric":"api_calls","quantity":1e400,"occurredAt":"2026-01-06T10:00:00Z"}
            EVENTS      | e6 | not json at all
            ACCOUNTS    | a1 | {"accountId":"a1","planId":"team","status":"active","ownerId":"o1","limits":{"seats":12},"addOns":["analytics"],"contact":{"name":"Ann","email":"ann@example.com","timezone":"Europe/Berlin"},"terms":{"discountPct":"10"}}
            ACCOUNTS    | a2 |
            FEEDBACK    | a1 | {"offerId":"o-1","accountId":"a1","signal":"seat_growth","segment":"smb","outcome":"accepted","at":"2026-02-01T00:00:00Z"}
            APPROVALS   | o-1 | {"offerId":"o-1","accountId":"a1","decision":"approve","reviewer":"o1","at":"2026-02-01T00:00:00Z"}
            SUPPRESSIONS | k1 | {"addressKey":"k1","status":"suppressed","reason":"unsubscribed","at":"2026-02-01T00:00:00Z"}
            """)
    void aParsedRecordComesBackEqual(InputKind kind, String key, String payload) throws IOException {
        InputRecord record = kind.read(parser, key, payload == null ? null : payload.getBytes(StandardCharsets.UTF_8), SOURCE);

        assertThat(roundTrip(record)).usingRecursiveComparison().isEqualTo(record);
    }

    @Test
    void hostileAndHugeStringsComeBackEqual() throws IOException {
        String body = "{\"eventId\":\"e1\",\"accountId\":\"a1\",\"type\":\"explicit_ask\",\"name\":\"" + HOSTILE
                + "\",\"attributes\":{\"text\":\"" + "u".repeat(70_000) + "\"},\"occurredAt\":\"2026-01-06T10:00:00Z\"}";
        InputRecord record = InputKind.EVENTS.read(parser, null, body.getBytes(StandardCharsets.UTF_8), SOURCE);

        assertThat(record.deadLetter).as(() -> record.deadLetter.reason + ": " + record.deadLetter.detail).isNull();
        InputRecord read = roundTrip(record);
        assertThat(read).usingRecursiveComparison().ignoringFields("event.payload").isEqualTo(record);
        assertThat(read.event.payload).isEqualTo(record.event.payload); // an array compare, not element by element
        assertThat(read.event.attributes.get("text")).hasSize(70_000); // over 64 KiB, past DataOutput.writeUTF's limit
    }

    @Test
    void aCopyIsDeep() {
        InputRecord record = InputKind.EVENTS.read(parser, null,
                "{\"eventId\":\"e1\",\"accountId\":\"a1\",\"type\":\"session\",\"attributes\":{\"page\":\"home\"},\"occurredAt\":\"2026-01-06T10:00:00Z\"}"
                        .getBytes(StandardCharsets.UTF_8), SOURCE);

        InputRecord copy = serializer.copy(record);
        copy.event.attributes.put("page", "changed");
        copy.event.payload[0] = 'X';
        copy.event.source.offset = 1L;

        assertThat(record.event.attributes).containsEntry("page", "home");
        assertThat(record.event.payload[0]).isEqualTo((byte) '{');
        assertThat(record.event.source.offset).isEqualTo(9_000_000_000L);
    }

    @Test
    void aDeletionAndAnEmptyRecordComeBack() throws IOException {
        assertThat(roundTrip(InputRecord.deletion("a\r\n1")).deletedAccountId).isEqualTo("a\r\n1");
        assertThat(roundTrip(new InputRecord())).usingRecursiveComparison().isEqualTo(new InputRecord());
    }

    @Test
    void itsSnapshotRestoresAnEqualSerializerThatIsCompatibleAsIs() throws IOException {
        TypeSerializerSnapshot<InputRecord> snapshot = serializer.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(256);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        TypeSerializerSnapshot<InputRecord> read = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());

        assertThat(read.restoreSerializer()).isEqualTo(serializer);
        TypeSerializerSchemaCompatibility<InputRecord> compatibility = serializer.snapshotConfiguration().resolveSchemaCompatibility(read);
        assertThat(compatibility.isCompatibleAsIs()).isTrue();
    }

    private InputRecord roundTrip(InputRecord record) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(record, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        InputRecord read = serializer.deserialize(in);
        assertThat(in.available()).as("every byte written is read").isZero();
        return read;
    }
}
