package dev.upshift.local;

import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.json.InputParser;
import dev.upshift.common.json.Json;
import dev.upshift.common.model.AuditRecord;
import dev.upshift.common.model.DeadLetter;
import dev.upshift.common.model.InputRecord;
import dev.upshift.common.model.OfferDecision;
import dev.upshift.common.model.Signal;
import dev.upshift.jobs.decisions.DecisionsTopology;
import dev.upshift.jobs.runtime.io.InputRecordType;
import dev.upshift.jobs.runtime.io.Watermarks;
import java.io.BufferedWriter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * Replays history (JSON-lines files, or retained Kafka topics) through the same topology as the live job, bounded and in event time, and writes
 * what the agent would have decided; it never drafts or sends mail. The input is put in event-time order first
 * ({@link ReplayFile}: accounts in full, then events and outcomes by time), and the outputs are sorted, so the same
 * records always give byte-identical results, however the files were ordered. Both sorts spill to disk when the
 * data does not fit in memory.
 */
public final class Backtest {
    public static final String SIGNALS = "signals.jsonl";
    public static final String OFFERS = "offers.jsonl";
    public static final String AUDIT = "audit.jsonl";
    public static final String DLQ = "dlq.jsonl";
    private static final List<String> FILES = List.of(SIGNALS, OFFERS, AUDIT, DLQ);
    private static final String REPLAYED = "replayed";

    /**
     * The files written, with how many lines each, and how fast the job replayed its input.
     *
     * @param replayed the input records the job read
     * @param replayTime from the job's submission to its end: the rate excludes reading and ordering the input
     */
    public record Result(Path outDir, Map<String, Long> counts, long replayed, Duration replayTime) {
        /** Input records per second of replay. */
        public double recordsPerSecond() {
            return replayed / Math.max(0.001, replayTime.toMillis() / 1000.0);
        }

        public List<String> lines(String file) {
            try (Stream<String> lines = stream(file)) {
                return lines.toList();
            }
        }

        /** The offer decisions, read into memory: a comparison pairs them across two runs. */
        public List<OfferDecision> offers() {
            try (Stream<String> lines = stream(OFFERS)) {
                return lines.map(line -> Json.fromBytes(line.getBytes(StandardCharsets.UTF_8), OfferDecision.class)).toList();
            }
        }

        /** The file's lines, read lazily; close the stream. */
        public Stream<String> stream(String file) {
            try {
                return Files.lines(outDir.resolve(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private Backtest() {}

    public static Result run(History history, UpshiftConfig config, Path workDir, Path outDir, Progress progress) throws Exception {
        return replay(prepare(history, config, workDir, progress), config, workDir.resolve("run"), outDir, progress);
    }

    /** The history read and put in event-time order once, for one replay or several (a comparison's two playbooks). */
    static ReplayFile prepare(History history, UpshiftConfig config, Path workDir, Progress progress) {
        return ReplayFile.write(history, new InputParser(decideOnly(config)), workDir, progress);
    }

    /** Replays the prepared input with {@code config}'s playbook and writes the sorted results to {@code outDir}. */
    static Result replay(ReplayFile replay, UpshiftConfig config, Path workDir, Path outDir, Progress progress) throws Exception {
        UpshiftConfig decideOnly = decideOnly(config);
        StreamExecutionEnvironment env = LocalFlink.environmentWithoutCheckpoints(decideOnly, workDir);
        DecisionsTopology.Outputs outputs = DecisionsTopology.build(inputs(env, replay, decideOnly), decideOnly);

        DataStream<Tuple3<String, String, String>> lines = lines(outputs.signals(), SIGNALS, Backtest::sortKey)
                .union(lines(outputs.offers(), OFFERS, Backtest::sortKey),
                        lines(outputs.audit(), AUDIT, Backtest::sortKey),
                        lines(outputs.deadLetters(), DLQ, Backtest::sortKey));
        progress.say(String.format("Replaying %,d records on a local Flink MiniCluster", replay.records()));
        try (SpillingSorter<OutputLine> sorter = new SpillingSorter<>(OutputLine.ORDER, OutputLine.CODEC, workDir.resolve("outputs"),
                ReplayFile.MEMORY_BUDGET); CloseableIterator<Tuple3<String, String, String>> it = lines.collectAsync()) {
            long started = System.nanoTime();
            JobClient job = env.executeAsync("Upshift backtest");
            try (Progress.Reporting reporting = progress.reportEvery(
                    () -> String.format("  %,d of %,d records replayed", replayed(job), replay.records()))) {
                it.forEachRemaining(line -> sorter.add(new OutputLine(line.f0, line.f1, line.f2)));
                job.getJobExecutionResult().get();
            }
            Duration replayTime = Duration.ofNanos(System.nanoTime() - started);
            return new Result(outDir, write(sorter, outDir), replay.records(), replayTime);
        }
    }

    private static UpshiftConfig decideOnly(UpshiftConfig config) {
        return config.withDelivery(config.delivery().disabled());
    }

    /**
     * The replay file as the topology's only input: one source, read in order, whose records count towards the
     * progress report. File sources checkpoint their position, so a job built on it can fail and resume.
     */
    static List<DecisionsTopology.Input> inputs(StreamExecutionEnvironment env, ReplayFile replay, UpshiftConfig config) {
        FileSource<InputRecord> source = FileSource.forRecordStreamFormat(replay.format(new InputParser(config)),
                        new org.apache.flink.core.fs.Path(replay.path().toAbsolutePath().toUri()))
                .build();
        DataStream<InputRecord> records = env.fromSource(source, Watermarks.replay(config.time()), "Files in event-time order",
                        InputRecordType.INSTANCE)
                .setParallelism(1)
                .uid("source-files")
                .map(new CountReplayed())
                .setParallelism(1)
                .uid("count-replayed")
                .name("Count replayed");
        return List.of(new DecisionsTopology.Input("files", records));
    }

    /** Input records replayed so far, as the job last reported them. */
    private static long replayed(JobClient job) {
        try {
            Object count = job.getAccumulators().get(10, TimeUnit.SECONDS).get(REPLAYED);
            return count instanceof Long value ? value : 0;
        } catch (Exception e) {
            return 0;
        }
    }

    /** Counts replayed records in an accumulator, for the progress report. */
    private static final class CountReplayed extends RichMapFunction<InputRecord, InputRecord> {
        private final LongCounter replayed = new LongCounter();

        @Override
        public void open(OpenContext openContext) {
            getRuntimeContext().addAccumulator(REPLAYED, replayed);
        }

        @Override
        public InputRecord map(InputRecord record) {
            replayed.add(1);
            return record;
        }
    }

    /** Writes each file in its order; returns how many lines each got. */
    private static Map<String, Long> write(SpillingSorter<OutputLine> sorter, Path outDir) throws IOException {
        Files.createDirectories(outDir);
        Map<String, Long> counts = new TreeMap<>();
        Map<String, BufferedWriter> writers = new TreeMap<>();
        try {
            for (String file : FILES) {
                writers.put(file, Files.newBufferedWriter(outDir.resolve(file)));
                counts.put(file, 0L);
            }
            sorter.drainInOrder(line -> {
                try {
                    BufferedWriter writer = writers.get(line.file());
                    writer.write(line.json());
                    writer.write('\n');
                    counts.merge(line.file(), 1L, Long::sum);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } finally {
            for (BufferedWriter writer : writers.values()) {
                writer.close();
            }
        }
        return counts;
    }

    /** An output line with the file it goes to and its place there. */
    private record OutputLine(String file, String key, String json) {
        static final Comparator<OutputLine> ORDER = Comparator.comparing(OutputLine::file).thenComparing(OutputLine::key)
                .thenComparing(OutputLine::json);

        static final SpillingSorter.Codec<OutputLine> CODEC = new SpillingSorter.Codec<>() {
            @Override
            public void write(OutputLine line, DataOutputStream out) throws IOException {
                for (String part : new String[] {line.file, line.key, line.json}) {
                    SpillingSorter.writeBytes(part.getBytes(StandardCharsets.UTF_8), out);
                }
            }

            @Override
            public OutputLine read(DataInputStream in) throws IOException {
                if (SpillingSorter.atEnd(in)) {
                    return null;
                }
                return new OutputLine(text(in), text(in), text(in));
            }

            @Override
            public long bytesInMemory(OutputLine line) {
                return 2L * (line.key.length() + line.json.length()) + 120;
            }
        };

        private static String text(DataInputStream in) throws IOException {
            return new String(SpillingSorter.readBytes(in), StandardCharsets.UTF_8);
        }
    }

    /** Each output record as (file, sort key, JSON line). */
    private static <T> DataStream<Tuple3<String, String, String>> lines(DataStream<T> records, String file, SortKey<T> sortKey) {
        return records
                .map(record -> Tuple3.of(file, sortKey.of(record), Json.toText(record)))
                .returns(Types.TUPLE(Types.STRING, Types.STRING, Types.STRING))
                .uid("backtest-" + file).name("Backtest: " + file);
    }

    private interface SortKey<T> extends Serializable {
        String of(T record);
    }

    private static String sortKey(Signal signal) {
        return String.format("%020d|%s|%s", signal.firedAt, signal.accountId, signal.signal);
    }

    private static String sortKey(OfferDecision offer) {
        return String.format("%020d|%s|%s", offer.decidedAt, offer.accountId, offer.offerId);
    }

    private static String sortKey(AuditRecord audit) {
        return String.format("%020d|%s|%s", audit.recordedAt, audit.accountId, audit.auditId);
    }

    /** By file and line; letters without a source (a late week) first. */
    private static String sortKey(DeadLetter letter) {
        return letter.source == null ? "" : String.format("%s|%020d", letter.source.file, letter.source.line);
    }
}
