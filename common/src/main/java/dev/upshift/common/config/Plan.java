package dev.upshift.common.config;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * A plan in the catalog. A metric missing from {@code limits} is unlimited on this plan.
 *
 * @param limits counter limits are monthly; gauge limits are levels
 * @param seatPrice monthly price of one more seat when the plan is priced per seat; null otherwise
 * @param features the features this tier adds to those of the tiers below it
 */
public record Plan(String id, String name, double monthlyPrice, Map<String, Double> limits, Double seatPrice,
        List<String> features) implements Serializable {
    public Plan {
        limits = limits == null ? Map.of() : Map.copyOf(limits);
        features = features == null ? List.of() : List.copyOf(features);
    }

    /** The limit on a metric, or null when the plan does not limit it. */
    public Double limit(String metric) {
        return limits.get(metric);
    }

    public boolean isPerSeat() {
        return seatPrice != null;
    }
}
