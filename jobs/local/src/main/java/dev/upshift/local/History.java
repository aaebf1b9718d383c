package dev.upshift.local;

import dev.upshift.jobs.runtime.io.InputKind;
import java.io.IOException;
import java.util.Map;

/**
 * Where a backtest's input comes from: JSON-lines files ({@link InputFiles}), or the retained topics of a Kafka
 * cluster over a time range ({@link KafkaHistory}). Either way the records are ordered by {@link ReplayFile} and
 * replayed through the same topology.
 */
interface History {
    /** How dead letters name the source of each kind there is: a file's name, or a topic. */
    Map<InputKind, String> sources();

    /** Reads every record of {@code kind} in its source's order; nothing when there is no source for it. */
    void read(InputKind kind, Progress progress, RecordSink sink) throws IOException;

    /** Receives a record with its place in the source: a file's line ({@link ReplayRecord#FROM_FILE}), or a partition and offset. */
    interface RecordSink {
        void accept(int partition, long position, String key, byte[] payload) throws IOException;
    }
}
