package dev.upshift.local;

import dev.upshift.jobs.io.InputKind;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;

/**
 * One line of a backtest's input on its way to the job: which contract it is read against, where it came from,
 * its bytes, and the event time it is ordered by ({@link Long#MIN_VALUE} for records without one).
 */
record ReplayRecord(long eventTime, InputKind kind, long line, byte[] payload) {
    /**
     * Event time, then the bytes themselves, so that the order never depends on the file's: two events of one
     * millisecond meet the job in the same order however the file was shuffled.
     */
    static final Comparator<ReplayRecord> EVENT_TIME_ORDER = Comparator.comparingLong(ReplayRecord::eventTime)
            .thenComparing(ReplayRecord::payload, Arrays::compareUnsigned)
            .thenComparing(ReplayRecord::kind)
            .thenComparingLong(ReplayRecord::line);

    static final SpillingSorter.Codec<ReplayRecord> CODEC = new SpillingSorter.Codec<>() {
        @Override
        public void write(ReplayRecord record, DataOutputStream out) throws IOException {
            out.writeLong(record.eventTime);
            out.writeByte(record.kind.ordinal());
            out.writeLong(record.line);
            SpillingSorter.writeBytes(record.payload, out);
        }

        @Override
        public ReplayRecord read(DataInputStream in) throws IOException {
            if (SpillingSorter.atEnd(in)) {
                return null;
            }
            return new ReplayRecord(in.readLong(), InputKind.values()[in.readByte()], in.readLong(), SpillingSorter.readBytes(in));
        }

        @Override
        public long bytesInMemory(ReplayRecord record) {
            return record.payload.length + 80L;
        }
    };
}
