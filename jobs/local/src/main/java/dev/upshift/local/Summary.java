package dev.upshift.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upshift.common.json.Json;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** The counts a person wants after a run: signals by kind, decisions by status and reason, dead letters by reason. */
final class Summary {
    private Summary() {}

    /** Read from a backtest's files, a line at a time: they may be larger than memory. */
    static String of(Backtest.Result result) {
        return of(() -> result.stream(Backtest.SIGNALS), () -> result.stream(Backtest.OFFERS), () -> result.stream(Backtest.DLQ));
    }

    static String of(List<String> signalLines, List<String> offerLines, List<String> deadLetterLines) {
        return of(signalLines::stream, offerLines::stream, deadLetterLines::stream);
    }

    private static String of(Supplier<Stream<String>> signalLines, Supplier<Stream<String>> offerLines,
            Supplier<Stream<String>> deadLetterLines) {
        Map<String, Integer> signals = countBy(signalLines, "signal", null);
        Map<String, Integer> statuses = countBy(offerLines, "status", null);
        Map<String, Integer> offersByKind = countBy(offerLines, "kind", "requested");
        Map<String, Integer> withheld = countBy(offerLines, "kind", "withheld");
        Map<String, Integer> suppressed = countBy(offerLines, "reason", "suppressed");
        Map<String, Integer> handedOff = countBy(offerLines, "reason", "handed_off");
        Map<String, Integer> dlq = countBy(deadLetterLines, "reason", null);
        return String.join(System.lineSeparator(),
                String.format("Signals       %,d  %s", total(signals), signals),
                String.format("Decisions     %,d  %s", total(statuses), statuses),
                String.format("  requested   %,d  %s", total(offersByKind), offersByKind),
                String.format("  holdout     %,d  %s (decided, not sent)", total(withheld), withheld),
                String.format("  handed off  %,d  %s", total(handedOff), handedOff),
                String.format("  suppressed  %,d  %s", total(suppressed), suppressed),
                String.format("Dead letters  %,d  %s", total(dlq), dlq));
    }

    /** Counts of {@code field}, over the lines whose status is {@code status} (all lines when null). */
    private static Map<String, Integer> countBy(Supplier<Stream<String>> lines, String field, String status) {
        Map<String, Integer> counts = new TreeMap<>();
        try (Stream<String> each = lines.get()) {
            each.forEach(line -> {
                JsonNode record = Json.tree(line);
                if (status == null || status.equals(record.path("status").asText())) {
                    counts.merge(record.path(field).asText(), 1, Integer::sum);
                }
            });
        }
        return counts;
    }

    private static int total(Map<String, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }
}
