package dev.upshift.common.config;

import dev.upshift.common.model.Account;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The plans an account can be on, in tier order (lowest first), what each metric counts, which feature each
 * tier adds, and the add-ons sold next to them.
 *
 * @param metrics every limited metric and its kind
 * @param plans plans from the lowest tier to the highest
 * @param capabilities names customers ask for or work around (support requests, docs, workarounds), mapped to
 *     the catalog feature that provides them; a name that is itself a feature needs no entry
 * @param annualDiscountPct the standard discount for paying a year up front
 */
public record PlanCatalog(Map<String, MetricKind> metrics, List<Plan> plans, Map<String, String> capabilities,
        List<AddOn> addOns, double annualDiscountPct) implements Serializable {
    public PlanCatalog {
        metrics = metrics == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        plans = plans == null ? List.of() : List.copyOf(plans);
        capabilities = capabilities == null ? Map.of() : Map.copyOf(capabilities);
        addOns = addOns == null ? List.of() : List.copyOf(addOns);
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

    /** The tier that first offers a feature (or the feature a capability maps to); -1 when no plan has it. */
    public int tierOfFeature(String featureOrCapability) {
        if (featureOrCapability == null) {
            return -1;
        }
        String feature = featureOf(featureOrCapability);
        for (int i = 0; i < plans.size(); i++) {
            if (plans.get(i).features().contains(feature)) {
                return i;
            }
        }
        return -1;
    }

    public String featureOf(String featureOrCapability) {
        return capabilities.getOrDefault(featureOrCapability, featureOrCapability);
    }

    /** True when the feature exists in the catalog but only on a plan above {@code planId}. */
    public boolean isAbovePlan(String featureOrCapability, String planId) {
        int featureTier = tierOfFeature(featureOrCapability);
        return featureTier >= 0 && featureTier > tierOf(planId);
    }

    public Optional<AddOn> addOn(String addOnId) {
        return addOns.stream().filter(addOn -> addOn.id().equals(addOnId)).findFirst();
    }

    /** A plan with a price is paid; a free plan (if any) is not. */
    public boolean isPaid(String planId) {
        return hasPlan(planId) && plan(planId).monthlyPrice() > 0;
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
