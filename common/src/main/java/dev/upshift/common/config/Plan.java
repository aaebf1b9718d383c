package dev.upshift.common.config;

import java.io.Serializable;
import java.util.Map;

/**
 * A plan in the catalog. A metric missing from {@code limits} is unlimited on this plan.
 *
 * @param limits counter limits are monthly; gauge limits are levels
 */
public record Plan(String id, String name, double monthlyPrice, Map<String, Double> limits) implements Serializable {
    public Plan {
        limits = limits == null ? Map.of() : Map.copyOf(limits);
    }

    /** The limit on a metric, or null when the plan does not limit it. */
    public Double limit(String metric) {
        return limits.get(metric);
    }
}
