package dev.upshift.jobs.replies.imap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/** Splits in checkpoints: owner, mailbox, UIDVALIDITY and last UID, in that order (version 1). */
final class MailboxSplitSerializer implements SimpleVersionedSerializer<MailboxSplit> {
    static final MailboxSplitSerializer INSTANCE = new MailboxSplitSerializer();

    @Override
    public int getVersion() {
        return 1;
    }

    @Override
    public byte[] serialize(MailboxSplit split) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        write(split, out);
        return out.getCopyOfBuffer();
    }

    @Override
    public MailboxSplit deserialize(int version, byte[] serialized) throws IOException {
        requireVersion(version);
        return read(new DataInputDeserializer(serialized));
    }

    static void write(MailboxSplit split, DataOutputView out) throws IOException {
        out.writeUTF(split.ownerId());
        out.writeUTF(split.mailbox());
        out.writeLong(split.cursor().uidValidity());
        out.writeLong(split.cursor().lastUid());
    }

    static MailboxSplit read(DataInputView in) throws IOException {
        return new MailboxSplit(in.readUTF(), in.readUTF(), new MailboxReader.Cursor(in.readLong(), in.readLong()));
    }

    static void requireVersion(int version) throws IOException {
        if (version != 1) {
            throw new IOException("unknown mailbox split serializer version " + version);
        }
    }

    /** The enumerator's checkpoint: the splits not yet handed to a reader. */
    static final class Pending implements SimpleVersionedSerializer<List<MailboxSplit>> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(List<MailboxSplit> splits) throws IOException {
            DataOutputSerializer out = new DataOutputSerializer(256);
            out.writeInt(splits.size());
            for (MailboxSplit split : splits) {
                write(split, out);
            }
            return out.getCopyOfBuffer();
        }

        @Override
        public List<MailboxSplit> deserialize(int version, byte[] serialized) throws IOException {
            requireVersion(version);
            DataInputDeserializer in = new DataInputDeserializer(serialized);
            int count = in.readInt();
            List<MailboxSplit> splits = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                splits.add(read(in));
            }
            return splits;
        }
    }
}
