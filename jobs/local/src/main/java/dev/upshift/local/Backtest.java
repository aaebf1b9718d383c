package dev.upshift.local;

import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.json.InputParser;
import dev.upshift.common.json.Json;
import dev.upshift.common.model.AuditRecord;
import dev.upshift.common.model.DeadLetter;
import dev.upshift.common.model.InputRecord;
import dev.upshift.common.model.OfferDecision;
import dev.upshift.common.model.Signal;
import dev.upshift.jobs.UpshiftTopology;
import dev.upshift.jobs.io.InputKind;
import dev.upshift.jobs.io.JsonLinesFormat;
import dev.upshift.jobs.io.Watermarks;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.connector.base.source.hybrid.HybridSource;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * Replays JSON-lines files through the same topology as the live job, bounded and in event time, and writes
 * what the agent would have decided; it never drafts or sends mail. The account file is read in full before the events, as a live job would
 * have its accounts by then, and the outputs are sorted, so the same files always give the same results.
 */
public final class Backtest {
    public static final String SIGNALS = "signals.jsonl";
    public static final String OFFERS = "offers.jsonl";
    public static final String AUDIT = "audit.jsonl";
    public static final String DLQ = "dlq.jsonl";
    private static final List<String> FILES = List.of(SIGNALS, OFFERS, AUDIT, DLQ);

    /** Output lines per file name, each list in its deterministic order. */
    public record Result(Map<String, List<String>> linesByFile) {
        public List<String> lines(String file) {
            return linesByFile.getOrDefault(file, List.of());
        }
    }

    private Backtest() {}

    /**
     * @param feedback offer outcomes, replayed alongside the events in event time; null for none
     */
    public static Result run(Path accounts, Path events, Path feedback, UpshiftConfig config, Path workDir) throws Exception {
        UpshiftConfig decideOnly = config.withDelivery(config.delivery().disabled());
        StreamExecutionEnvironment env = LocalFlink.environmentWithoutCheckpoints(decideOnly, workDir);
        List<UpshiftTopology.Input> inputs = inputs(env, accounts, events, feedback, decideOnly);
        UpshiftTopology.Outputs outputs = UpshiftTopology.build(inputs, decideOnly);

        DataStream<Tuple3<String, String, String>> lines = lines(outputs.signals(), SIGNALS, Backtest::sortKey)
                .union(lines(outputs.offers(), OFFERS, Backtest::sortKey),
                        lines(outputs.audit(), AUDIT, Backtest::sortKey),
                        lines(outputs.deadLetters(), DLQ, Backtest::sortKey));

        List<Tuple3<String, String, String>> collected = new ArrayList<>();
        try (CloseableIterator<Tuple3<String, String, String>> it = lines.executeAndCollect("Upshift backtest")) {
            it.forEachRemaining(collected::add);
        }
        collected.sort(Comparator.<Tuple3<String, String, String>, String>comparing(t -> t.f1).thenComparing(t -> t.f2));
        Map<String, List<String>> byFile = new TreeMap<>();
        FILES.forEach(file -> byFile.put(file, new ArrayList<>()));
        for (Tuple3<String, String, String> line : collected) {
            byFile.get(line.f0).add(line.f2);
        }
        return new Result(byFile);
    }

    /**
     * The files as the topology's inputs: accounts in full, then events, in one source; outcomes, if any, in
     * another. File sources checkpoint their position, so a job built on them can fail and resume.
     */
    static List<UpshiftTopology.Input> inputs(StreamExecutionEnvironment env, Path accounts, Path events, Path feedback,
            UpshiftConfig config) {
        InputParser parser = new InputParser(config.catalog());
        HybridSource<InputRecord> files = HybridSource.builder(fileSource(InputKind.ACCOUNTS, parser, accounts))
                .addSource(fileSource(InputKind.EVENTS, parser, events))
                .build();
        List<UpshiftTopology.Input> inputs = new ArrayList<>();
        inputs.add(new UpshiftTopology.Input("files", env.fromSource(files, Watermarks.replay(config.time()),
                        "Files: accounts then events", Types.POJO(InputRecord.class))
                .setParallelism(1)
                .uid("source-files")));
        if (feedback != null) {
            inputs.add(new UpshiftTopology.Input("feedback", env.fromSource(fileSource(InputKind.FEEDBACK, parser, feedback),
                            Watermarks.replay(config.time()), "File: feedback", Types.POJO(InputRecord.class))
                    .setParallelism(1)
                    .uid("source-feedback-file")));
        }
        return inputs;
    }

    public static void write(Result result, Path outDir) throws IOException {
        Files.createDirectories(outDir);
        for (Map.Entry<String, List<String>> file : result.linesByFile().entrySet()) {
            List<String> lines = file.getValue();
            Files.writeString(outDir.resolve(file.getKey()), lines.isEmpty() ? "" : String.join("\n", lines) + "\n");
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

    private static FileSource<InputRecord> fileSource(InputKind kind, InputParser parser, Path file) {
        return FileSource.forRecordStreamFormat(
                        new JsonLinesFormat(kind, parser, file.getFileName().toString()),
                        new org.apache.flink.core.fs.Path(file.toAbsolutePath().toUri()))
                .build();
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

    private static String sortKey(DeadLetter letter) {
        return String.format("%s|%020d", letter.source.file, letter.source.line);
    }
}
