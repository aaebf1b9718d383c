package dev.upshift.local;

import dev.upshift.jobs.runtime.io.InputKind;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/**
 * One record of a backtest's input on its way to the job: which contract it is read against, where it came from
 * (a file's line, or a topic's partition and offset), its key and bytes (either may be null: a Kafka tombstone, a
 * record without a key), and the event time it is ordered by ({@link Long#MIN_VALUE} for records without one).
 *
 * @param partition the topic's partition; {@link #FROM_FILE} for a file, whose {@code position} is the line
 */
record ReplayRecord(long eventTime, InputKind kind, int partition, long position, String key, byte[] payload) {
    static final int FROM_FILE = -1;

    /**
     * Event time, then the bytes themselves, so that the order never depends on the input's: two events of one
     * millisecond meet the job in the same order however the file was shuffled or the topic partitioned.
     */
    static final Comparator<ReplayRecord> EVENT_TIME_ORDER = Comparator.comparingLong(ReplayRecord::eventTime)
            .thenComparing(ReplayRecord::payload, Comparator.nullsFirst(Arrays::compareUnsigned))
            .thenComparing(ReplayRecord::kind)
            .thenComparingInt(ReplayRecord::partition)
            .thenComparingLong(ReplayRecord::position);

    static final SpillingSorter.Codec<ReplayRecord> CODEC = new SpillingSorter.Codec<>() {
        @Override
        public void write(ReplayRecord record, DataOutputStream out) throws IOException {
            out.writeLong(record.eventTime);
            out.writeByte(record.kind.ordinal());
            out.writeInt(record.partition);
            out.writeLong(record.position);
            SpillingSorter.writeNullableBytes(record.key == null ? null : record.key.getBytes(StandardCharsets.UTF_8), out);
            SpillingSorter.writeNullableBytes(record.payload, out);
        }

        @Override
        public ReplayRecord read(DataInputStream in) throws IOException {
            if (SpillingSorter.atEnd(in)) {
                return null;
            }
            long eventTime = in.readLong();
            InputKind kind = InputKind.values()[in.readByte()];
            int partition = in.readInt();
            long position = in.readLong();
            byte[] key = SpillingSorter.readNullableBytes(in);
            return new ReplayRecord(eventTime, kind, partition, position, key == null ? null : new String(key, StandardCharsets.UTF_8),
                    SpillingSorter.readNullableBytes(in));
        }

        @Override
        public long bytesInMemory(ReplayRecord record) {
            return (record.payload == null ? 0 : record.payload.length) + (record.key == null ? 0 : 2L * record.key.length()) + 96L;
        }
    };
}
