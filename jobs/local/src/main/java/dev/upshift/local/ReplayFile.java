package dev.upshift.local;

import dev.upshift.common.json.InputParser;
import dev.upshift.common.model.SourceRef;
import dev.upshift.jobs.io.InputKind;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * A backtest's input files as one file, in the order the job must see them whatever order they came in: every
 * account record first, in file order (an account's last record wins, as on the compacted topic), then the events
 * and outcomes merged by event time. Results therefore do not depend on how an export was sorted. Each line is
 * parsed here once for its event time; lines without one (rejected records) go first and are dead-lettered by the
 * job. Inputs may be {@code .jsonl} or {@code .jsonl.gz}, and larger than memory: the sort spills to disk.
 */
final class ReplayFile {
    /** @param feedback offer outcomes; null for none */
    record Inputs(Path accounts, Path events, Path feedback) {}

    /** How much of the heap the sort may fill before it spills a run to disk. */
    static final long MEMORY_BUDGET = Math.min(512L << 20, Runtime.getRuntime().maxMemory() / 8);

    private final Path path;
    private final long records;
    private final Map<InputKind, String> fileNames;

    private ReplayFile(Path path, long records, Map<InputKind, String> fileNames) {
        this.path = path;
        this.records = records;
        this.fileNames = fileNames;
    }

    static ReplayFile write(Inputs inputs, InputParser parser, Path workDir, Progress progress) {
        return write(inputs, parser, workDir, MEMORY_BUDGET, progress);
    }

    static ReplayFile write(Inputs inputs, InputParser parser, Path workDir, long memoryBudget, Progress progress) {
        Map<InputKind, String> fileNames = new EnumMap<>(InputKind.class);
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
            fileNames.put(InputKind.ACCOUNTS, fileName(inputs.accounts()));
            read(inputs.accounts(), InputKind.ACCOUNTS, progress, (line, payload) -> {
                ReplayRecord.CODEC.write(new ReplayRecord(Long.MIN_VALUE, InputKind.ACCOUNTS, line, payload), out);
                written[0]++;
            });
            for (InputKind kind : new InputKind[] {InputKind.EVENTS, InputKind.FEEDBACK}) {
                Path file = kind == InputKind.EVENTS ? inputs.events() : inputs.feedback();
                if (file == null) {
                    continue;
                }
                fileNames.put(kind, fileName(file));
                read(file, kind, progress, (line, payload) -> {
                    long eventTime = kind.read(parser, null, payload, SourceRef.file(fileName(file), line)).eventTime();
                    sorter.add(new ReplayRecord(eventTime, kind, line, payload));
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
        return new ReplayFile(target, written[0], fileNames);
    }

    Path path() {
        return path;
    }

    long records() {
        return records;
    }

    ReplayFormat format(InputParser parser) {
        return new ReplayFormat(parser, fileNames);
    }

    private interface LineSink {
        void accept(long line, byte[] payload) throws IOException;
    }

    /** Every non-blank line with its number; a {@code .gz} file is decompressed on the way. */
    private static void read(Path file, InputKind kind, Progress progress, LineSink sink) throws IOException {
        progress.say("Reading " + kind.name().toLowerCase(java.util.Locale.ROOT) + " from " + file);
        long lineNumber = 0;
        try (BufferedReader lines = open(file)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                lineNumber++;
                if (!line.isBlank()) {
                    sink.accept(lineNumber, line.getBytes(StandardCharsets.UTF_8));
                }
                if (progress.due()) {
                    progress.say(String.format("  %,d lines of %s read", lineNumber, fileName(file)));
                }
            }
        }
    }

    private static BufferedReader open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        if (fileName(file).endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    private static String fileName(Path file) {
        return file.getFileName().toString();
    }
}
