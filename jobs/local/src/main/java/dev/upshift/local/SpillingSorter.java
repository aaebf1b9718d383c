package dev.upshift.local;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Sorts more records than fit in memory, the classic way: records are kept in memory up to a byte budget; a full
 * buffer is sorted and written to a run file; at the end the runs are merged, each read sequentially. The sort is
 * stable, so records the order calls equal come out in the order they were added.
 */
final class SpillingSorter<T> implements AutoCloseable {
    /** How a record is written to a run file and read back, and roughly what it costs in memory. */
    interface Codec<T> {
        void write(T record, DataOutputStream out) throws IOException;

        /** The next record, or null at the end of the run. */
        T read(DataInputStream in) throws IOException;

        long bytesInMemory(T record);
    }

    private static final int IO_BUFFER = 64 * 1024;

    private final Comparator<T> order;
    private final Codec<T> codec;
    private final Path spillDir;
    private final long memoryBudget;
    private final List<T> buffer = new ArrayList<>();
    private final List<Path> runs = new ArrayList<>();
    private long buffered;

    SpillingSorter(Comparator<T> order, Codec<T> codec, Path spillDir, long memoryBudget) {
        this.order = order;
        this.codec = codec;
        this.spillDir = spillDir;
        this.memoryBudget = memoryBudget;
    }

    void add(T record) {
        buffer.add(record);
        buffered += codec.bytesInMemory(record);
        if (buffered >= memoryBudget) {
            spill();
        }
    }

    int runsSpilled() {
        return runs.size();
    }

    /** Hands every record added, in order, to {@code sink}; once. */
    void drainInOrder(Consumer<T> sink) {
        if (runs.isEmpty()) {
            buffer.sort(order);
            buffer.forEach(sink);
            buffer.clear();
            return;
        }
        if (!buffer.isEmpty()) {
            spill();
        }
        merge(sink);
    }

    private void spill() {
        buffer.sort(order);
        try {
            Files.createDirectories(spillDir);
            Path run = Files.createTempFile(spillDir, "run-", ".bin");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(run), IO_BUFFER))) {
                for (T record : buffer) {
                    codec.write(record, out);
                }
            }
            runs.add(run);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spill sorted records to " + spillDir, e);
        }
        buffer.clear();
        buffered = 0;
    }

    /** A k-way merge; ties go to the earlier run, which keeps the sort stable. */
    private void merge(Consumer<T> sink) {
        List<RunReader> readers = new ArrayList<>();
        try {
            PriorityQueue<RunReader> heads = new PriorityQueue<>(Comparator.<RunReader, T>comparing(reader -> reader.head, order)
                    .thenComparingInt(reader -> reader.index));
            for (int i = 0; i < runs.size(); i++) {
                RunReader reader = new RunReader(runs.get(i), i);
                readers.add(reader);
                if (reader.advance()) {
                    heads.add(reader);
                }
            }
            while (!heads.isEmpty()) {
                RunReader next = heads.poll();
                sink.accept(next.head);
                if (next.advance()) {
                    heads.add(next);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot merge sorted runs in " + spillDir, e);
        } finally {
            readers.forEach(RunReader::close);
        }
    }

    @Override
    public void close() {
        for (Path run : runs) {
            try {
                Files.deleteIfExists(run);
            } catch (IOException e) {
                // A leftover run is in the command's temporary directory, which is deleted at exit.
            }
        }
        runs.clear();
    }

    private final class RunReader {
        final int index;
        final DataInputStream in;
        T head;

        RunReader(Path run, int index) throws IOException {
            this.index = index;
            this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(run), IO_BUFFER));
        }

        boolean advance() throws IOException {
            head = codec.read(in);
            return head != null;
        }

        void close() {
            try {
                in.close();
            } catch (IOException e) {
                // Read to the end already, or failing anyway.
            }
        }
    }

    static void writeBytes(byte[] bytes, DataOutputStream out) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static byte[] readBytes(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return bytes;
    }

    /** Bytes that may be null (a Kafka tombstone or a record without a key): null is written as length -1. */
    static void writeNullableBytes(byte[] bytes, DataOutputStream out) throws IOException {
        if (bytes == null) {
            out.writeInt(-1);
        } else {
            writeBytes(bytes, out);
        }
    }

    static byte[] readNullableBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }

    /** True when the stream is at its end, with nothing consumed otherwise: codecs check it before reading a record. */
    static boolean atEnd(DataInputStream in) throws IOException {
        in.mark(1);
        if (in.read() < 0) {
            return true;
        }
        in.reset();
        return false;
    }
}
