package dev.upshift.local;

import dev.upshift.common.json.InputParser;
import dev.upshift.common.model.SourceRef;
import dev.upshift.jobs.runtime.io.InputKind;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A backtest's input as one file, in the order the job must see them whatever order they came in: every
 * account record first, in source order (an account's last record wins, as on the compacted topic), then the events
 * and outcomes merged by event time. Results therefore do not depend on how an export was sorted or a topic
 * partitioned. Each record is parsed here once for its event time; records without one (rejected records) go first
 * and are dead-lettered by the job. The input may be larger than memory: the sort spills to disk.
 */
final class ReplayFile {
    /** How much of the heap the sort may fill before it spills a run to disk. */
    static final long MEMORY_BUDGET = Math.min(512L << 20, Runtime.getRuntime().maxMemory() / 8);

    private final Path path;
    private final long records;
    private final Map<InputKind, String> sources;

    private ReplayFile(Path path, long records, Map<InputKind, String> sources) {
        this.path = path;
        this.records = records;
        this.sources = sources;
    }

    static ReplayFile write(History history, InputParser parser, Path workDir, Progress progress) {
        return write(history, parser, workDir, MEMORY_BUDGET, progress);
    }

    static ReplayFile write(History history, InputParser parser, Path workDir, long memoryBudget, Progress progress) {
        Map<InputKind, String> sources = history.sources();
        Path target = workDir.resolve("replay.bin");
        long[] written = {0};
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + workDir, e);
        }
        try (SpillingSorter<ReplayRecord> sorter = new SpillingSorter<>(ReplayRecord.EVENT_TIME_ORDER, ReplayRecord.CODEC,
                        workDir.resolve("sort"), memoryBudget);
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(target), 1 << 16))) {
            history.read(InputKind.ACCOUNTS, progress, (partition, position, key, payload) -> {
                ReplayRecord.CODEC.write(new ReplayRecord(Long.MIN_VALUE, InputKind.ACCOUNTS, partition, position, key, payload), out);
                written[0]++;
            });
            for (InputKind kind : new InputKind[] {InputKind.EVENTS, InputKind.FEEDBACK}) {
                history.read(kind, progress, (partition, position, key, payload) -> {
                    long eventTime = kind.read(parser, key, payload, source(sources.get(kind), partition, position)).eventTime();
                    sorter.add(new ReplayRecord(eventTime, kind, partition, position, key, payload));
                });
            }
            progress.say("Ordering events and outcomes by event time");
            sorter.drainInOrder(record -> {
                try {
                    ReplayRecord.CODEC.write(record, out);
                    written[0]++;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            if (sorter.runsSpilled() > 0) {
                progress.say(String.format("  more than fits in memory: merged %d sorted runs from disk", sorter.runsSpilled()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the backtest's input in " + workDir, e);
        }
        return new ReplayFile(target, written[0], sources);
    }

    /** Where a record came from, as its dead letter names it: the user's file and line, or the topic, partition and offset. */
    static SourceRef source(String name, int partition, long position) {
        return partition == ReplayRecord.FROM_FILE ? SourceRef.file(name, position) : SourceRef.kafka(name, partition, position);
    }

    Path path() {
        return path;
    }

    long records() {
        return records;
    }

    ReplayFormat format(InputParser parser) {
        return new ReplayFormat(parser, sources);
    }
}
