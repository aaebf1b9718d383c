package dev.upshift.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upshift.common.json.Json;
import dev.upshift.common.model.Evidence;
import dev.upshift.common.model.RankedOffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How a draft's parts read on the inbox and draft pages: the offer in a few words, the evidence, the ranking, the wait. */
final class DraftView {
    private DraftView() {}

    /** The evidence's fields that are set, by name, as the draft page's table lists them. */
    static List<Map<String, String>> evidenceFields(Evidence evidence) {
        List<Map<String, String>> fields = new ArrayList<>();
        JsonNode tree = Json.MAPPER.valueToTree(evidence);
        tree.properties().forEach(field -> {
            if (!field.getValue().isNull()) {
                fields.add(Map.of("name", field.getKey(), "value", field.getValue().isTextual() ? field.getValue().asText()
                        : field.getValue().toString()));
            }
        });
        return fields;
    }

    /** Every candidate the decision considered, best first, with the numbers that ranked it and what blocked it. */
    static List<Map<String, Object>> ranking(List<RankedOffer> ranking) {
        List<Map<String, Object>> rows = new ArrayList<>();
        if (ranking == null) {
            return rows;
        }
        for (int i = 0; i < ranking.size(); i++) {
            RankedOffer offer = ranking.get(i);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("rank", i + 1);
            row.put("signal", offer.signal);
            row.put("offer", offerText(offer.kind, offer.target, offer.addOn));
            row.put("pAccept", String.format(Locale.ROOT, "%.3f", offer.pAccept));
            row.put("annualRevenue", String.format(Locale.ROOT, "%.2f", offer.annualRevenue));
            row.put("expectedValue", String.format(Locale.ROOT, "%.2f", offer.expectedValue));
            row.put("blockedBy", offer.blockedBy == null ? "" : offer.blockedBy);
            rows.add(row);
        }
        return rows;
    }

    /** "upsell → business", "cross_sell → analytics", "education". */
    static String offerText(String kind, String target, String addOn) {
        String what = target != null ? target : addOn;
        return kind + (what == null ? "" : " → " + what);
    }

    /** "2 d 4 h", "3 h 10 min", "7 min". */
    static String waited(long millis) {
        Duration waited = Duration.ofMillis(Math.max(0, millis));
        return waited.toDays() > 0 ? waited.toDays() + " d " + waited.toHoursPart() + " h"
                : waited.toHours() > 0 ? waited.toHours() + " h " + waited.toMinutesPart() + " min" : waited.toMinutes() + " min";
    }
}
