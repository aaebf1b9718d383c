package dev.upshift.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upshift.common.json.Json;
import dev.upshift.common.model.OfferDecision;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The counts a person wants after a run: signals by kind, decisions by status and reason, dead letters by reason. */
final class Summary {
    private Summary() {}

    /** Read from a backtest's files, a line at a time and each once: they may be larger than memory. */
    static String of(Backtest.Result result) {
        try (Stream<String> signals = result.stream(Backtest.SIGNALS); Stream<String> offers = result.stream(Backtest.OFFERS);
                Stream<String> deadLetters = result.stream(Backtest.DLQ)) {
            return of(signals, offers, deadLetters);
        }
    }

    static String of(List<String> signalLines, List<String> offerLines, List<String> deadLetterLines) {
        return of(signalLines.stream(), offerLines.stream(), deadLetterLines.stream());
    }

    private static String of(Stream<String> signalLines, Stream<String> offerLines, Stream<String> deadLetterLines) {
        Map<String, Integer> signals = new TreeMap<>();
        signalLines.map(Json::tree).forEach(signal -> count(signals, signal, "signal"));
        Map<String, Integer> statuses = new TreeMap<>();
        Map<String, Integer> offersByKind = new TreeMap<>();
        Map<String, Integer> withheld = new TreeMap<>();
        Map<String, Integer> suppressed = new TreeMap<>();
        Map<String, Integer> handedOff = new TreeMap<>();
        offerLines.map(Json::tree).forEach(offer -> {
            count(statuses, offer, "status");
            switch (offer.path("status").asText()) {
                case OfferDecision.REQUESTED -> count(offersByKind, offer, "kind");
                case OfferDecision.WITHHELD -> count(withheld, offer, "kind");
                case OfferDecision.SUPPRESSED -> count(suppressed, offer, "reason");
                case OfferDecision.HANDED_OFF -> count(handedOff, offer, "reason");
                default -> { }
            }
        });
        Map<String, Integer> dlq = new TreeMap<>();
        deadLetterLines.map(Json::tree).forEach(letter -> count(dlq, letter, "reason"));
        return String.join(System.lineSeparator(),
                String.format("Signals       %,d  %s", total(signals), signals),
                String.format("Decisions     %,d  %s", total(statuses), statuses),
                String.format("  requested   %,d  %s", total(offersByKind), offersByKind),
                String.format("  holdout     %,d  %s (decided, not sent)", total(withheld), withheld),
                String.format("  handed off  %,d  %s", total(handedOff), handedOff),
                String.format("  suppressed  %,d  %s", total(suppressed), suppressed),
                String.format("Dead letters  %,d  %s", total(dlq), dlq));
    }

    /** Counts the record under the value of its {@code field}. */
    private static void count(Map<String, Integer> counts, JsonNode record, String field) {
        counts.merge(record.path(field).asText(), 1, Integer::sum);
    }

    private static int total(Map<String, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }
}
