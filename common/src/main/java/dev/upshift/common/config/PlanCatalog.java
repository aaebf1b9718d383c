package dev.upshift.common.config;

import dev.upshift.common.model.Account;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plans an account can be on, in tier order (lowest first), and how each metric is counted.
 *
 * @param metrics every limited metric and its kind
 * @param plans plans from the lowest tier to the highest
 */
public record PlanCatalog(Map<String, MetricKind> metrics, List<Plan> plans) implements Serializable {
    public PlanCatalog {
        metrics = metrics == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        plans = plans == null ? List.of() : List.copyOf(plans);
    }

    public boolean hasPlan(String planId) {
        return tierOf(planId) >= 0;
    }

    /** Position of the plan in tier order, or -1 for an unknown plan. */
    public int tierOf(String planId) {
        for (int i = 0; i < plans.size(); i++) {
            if (plans.get(i).id().equals(planId)) {
                return i;
            }
        }
        return -1;
    }

    public Plan plan(String planId) {
        int tier = tierOf(planId);
        if (tier < 0) {
            throw new IllegalArgumentException("unknown plan " + planId);
        }
        return plans.get(tier);
    }

    public MetricKind kindOf(String metric) {
        return metrics.get(metric);
    }

    /**
     * The account's limit on a metric: its negotiated override, else its plan's default, else null (unlimited).
     * A plan no longer in the catalog (removed by a config change after the account was stored) has no defaults.
     */
    public Double effectiveLimit(Account account, String metric) {
        if (account.limits != null && account.limits.containsKey(metric)) {
            return account.limits.get(metric);
        }
        return hasPlan(account.planId) ? plan(account.planId).limit(metric) : null;
    }

    /** Every metric the account is limited on, with its effective limit, in catalog order. */
    public Map<String, Double> effectiveLimits(Account account) {
        Map<String, Double> limits = new LinkedHashMap<>();
        for (String metric : metrics.keySet()) {
            Double limit = effectiveLimit(account, metric);
            if (limit != null && limit > 0) {
                limits.put(metric, limit);
            }
        }
        return limits;
    }
}
