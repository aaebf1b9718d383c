package dev.upshift.jobs.runtime.io;

import dev.upshift.common.model.SourceRef;
import dev.upshift.common.model.UsageEvent;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Every usage event crosses the network once, from its source to its account's subtask. Flink's POJO serializer
 * sets each of its 21 fields (its source's included) by reflection; this writes them in a fixed order. Strings
 * may be null ({@link StringValue} marks that); other nullable fields are preceded by a presence flag.
 * Attributes come back as a {@link HashMap}, as from the POJO serializer.
 */
public final class UsageEventSerializer extends TypeSerializerSingleton<UsageEvent> {
    public static final UsageEventSerializer INSTANCE = new UsageEventSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public UsageEvent createInstance() {
        return new UsageEvent();
    }

    @Override
    public UsageEvent copy(UsageEvent from) {
        UsageEvent copy = new UsageEvent();
        copy.eventId = from.eventId;
        copy.accountId = from.accountId;
        copy.type = from.type;
        copy.occurredAt = from.occurredAt;
        copy.userId = from.userId;
        copy.metric = from.metric;
        copy.quantity = from.quantity;
        copy.value = from.value;
        copy.feature = from.feature;
        copy.capability = from.capability;
        copy.name = from.name;
        copy.attributes = from.attributes == null ? null : new HashMap<>(from.attributes);
        copy.payload = from.payload == null ? null : from.payload.clone();
        copy.source = from.source == null ? null : copy(from.source);
        return copy;
    }

    private static SourceRef copy(SourceRef from) {
        SourceRef copy = new SourceRef();
        copy.topic = from.topic;
        copy.partition = from.partition;
        copy.offset = from.offset;
        copy.file = from.file;
        copy.line = from.line;
        copy.mailbox = from.mailbox;
        copy.uidValidity = from.uidValidity;
        copy.uid = from.uid;
        return copy;
    }

    @Override
    public UsageEvent copy(UsageEvent from, UsageEvent reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(UsageEvent event, DataOutputView out) throws IOException {
        StringValue.writeString(event.eventId, out);
        StringValue.writeString(event.accountId, out);
        StringValue.writeString(event.type, out);
        out.writeLong(event.occurredAt);
        StringValue.writeString(event.userId, out);
        StringValue.writeString(event.metric, out);
        writeDouble(event.quantity, out);
        writeDouble(event.value, out);
        StringValue.writeString(event.feature, out);
        StringValue.writeString(event.capability, out);
        StringValue.writeString(event.name, out);
        writeAttributes(event.attributes, out);
        out.writeInt(event.payload == null ? -1 : event.payload.length);
        if (event.payload != null) {
            out.write(event.payload);
        }
        out.writeBoolean(event.source != null);
        if (event.source != null) {
            writeSource(event.source, out);
        }
    }

    @Override
    public UsageEvent deserialize(DataInputView in) throws IOException {
        UsageEvent event = new UsageEvent();
        event.eventId = StringValue.readString(in);
        event.accountId = StringValue.readString(in);
        event.type = StringValue.readString(in);
        event.occurredAt = in.readLong();
        event.userId = StringValue.readString(in);
        event.metric = StringValue.readString(in);
        event.quantity = readDouble(in);
        event.value = readDouble(in);
        event.feature = StringValue.readString(in);
        event.capability = StringValue.readString(in);
        event.name = StringValue.readString(in);
        event.attributes = readAttributes(in);
        int payloadLength = in.readInt();
        if (payloadLength >= 0) {
            event.payload = new byte[payloadLength];
            in.readFully(event.payload);
        }
        if (in.readBoolean()) {
            event.source = readSource(in);
        }
        return event;
    }

    @Override
    public UsageEvent deserialize(UsageEvent reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    private static void writeAttributes(Map<String, String> attributes, DataOutputView out) throws IOException {
        out.writeInt(attributes == null ? -1 : attributes.size());
        if (attributes != null) {
            for (Map.Entry<String, String> attribute : attributes.entrySet()) {
                StringValue.writeString(attribute.getKey(), out);
                StringValue.writeString(attribute.getValue(), out);
            }
        }
    }

    private static Map<String, String> readAttributes(DataInputView in) throws IOException {
        int size = in.readInt();
        if (size < 0) {
            return null;
        }
        Map<String, String> attributes = new HashMap<>();
        for (int i = 0; i < size; i++) {
            attributes.put(StringValue.readString(in), StringValue.readString(in));
        }
        return attributes;
    }

    private static void writeSource(SourceRef source, DataOutputView out) throws IOException {
        StringValue.writeString(source.topic, out);
        out.writeBoolean(source.partition != null);
        if (source.partition != null) {
            out.writeInt(source.partition);
        }
        writeLong(source.offset, out);
        StringValue.writeString(source.file, out);
        writeLong(source.line, out);
        StringValue.writeString(source.mailbox, out);
        writeLong(source.uidValidity, out);
        writeLong(source.uid, out);
    }

    private static SourceRef readSource(DataInputView in) throws IOException {
        SourceRef source = new SourceRef();
        source.topic = StringValue.readString(in);
        source.partition = in.readBoolean() ? in.readInt() : null;
        source.offset = readLong(in);
        source.file = StringValue.readString(in);
        source.line = readLong(in);
        source.mailbox = StringValue.readString(in);
        source.uidValidity = readLong(in);
        source.uid = readLong(in);
        return source;
    }

    private static void writeDouble(Double value, DataOutputView out) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeDouble(value);
        }
    }

    private static Double readDouble(DataInputView in) throws IOException {
        return in.readBoolean() ? in.readDouble() : null;
    }

    private static void writeLong(Long value, DataOutputView out) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeLong(value);
        }
    }

    private static Long readLong(DataInputView in) throws IOException {
        return in.readBoolean() ? in.readLong() : null;
    }

    @Override
    public TypeSerializerSnapshot<UsageEvent> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The format has no parameters: the snapshot names the serializer. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<UsageEvent> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
