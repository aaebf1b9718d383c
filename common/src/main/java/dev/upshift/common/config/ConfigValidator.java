package dev.upshift.common.config;

import dev.upshift.common.model.SignalType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the bound config for values that parse but make no sense. Every problem is collected, each naming
 * its path and what is expected, and reported together.
 */
final class ConfigValidator {
    private final String file;
    private final Set<String> reportedPaths;
    private final List<ConfigException.Problem> problems = new ArrayList<>();

    private ConfigValidator(String file, Set<String> reportedPaths) {
        this.file = file;
        this.reportedPaths = reportedPaths;
    }

    /**
     * Checks every value that could be bound.
     *
     * @param reportedPaths where binding already failed: no second problem is reported there
     */
    static List<ConfigException.Problem> problems(String file, UpshiftConfig config, Set<String> reportedPaths) {
        ConfigValidator validator = new ConfigValidator(file, reportedPaths);
        validator.check(config);
        return validator.problems;
    }

    private void check(UpshiftConfig c) {
        if (c.topics() != null) {
            checkTopics(c.topics());
        }
        if (c.time() != null) {
            checkTime(c.time());
        }
        if (c.accounts() != null) {
            positive(c.accounts().pendingMaxAge(), "accounts.pendingMaxAge");
            atLeast(c.accounts().pendingMaxEvents(), 1, "accounts.pendingMaxEvents");
        }
        if (c.usage() != null) {
            positive(c.usage().retention(), "usage.retention");
        }
        if (c.catalog() != null) {
            checkCatalog(c.catalog());
        }
        if (c.signals() != null && c.catalog() != null) {
            checkSignals(c.signals(), c.usage(), c.catalog());
        }
        if (c.offers() != null) {
            checkOffers(c.offers());
        }
        if (c.guardrails() != null) {
            checkGuardrails(c.guardrails());
        }
        if (c.holdout() != null) {
            fraction(c.holdout().fraction(), true, "holdout.fraction");
            text(c.holdout().salt(), "holdout.salt");
        }
        if (c.vault() != null) {
            require(c.vault().keyFile() != null, "vault.keyFile", "a path, or \"\" to take keys from UPSHIFT_VAULT_KEYS");
        }
        if (c.delivery() != null) {
            new DeliveryValidator(this::require).check(c.delivery());
        }
    }

    private void checkTopics(UpshiftConfig.Topics topics) {
        text(topics.events(), "topics.events");
        text(topics.accounts(), "topics.accounts");
        text(topics.feedback(), "topics.feedback");
        text(topics.approvals(), "topics.approvals");
        text(topics.signals(), "topics.signals");
        text(topics.offers(), "topics.offers");
        text(topics.drafts(), "topics.drafts");
        text(topics.deliveries(), "topics.deliveries");
        text(topics.outcomes(), "topics.outcomes");
        text(topics.audit(), "topics.audit");
        text(topics.dlq(), "topics.dlq");
        text(topics.suppressions(), "topics.suppressions");
    }

    private void checkTime(UpshiftConfig.TimeSettings time) {
        nonNegative(time.maxOutOfOrderness(), "time.maxOutOfOrderness");
        nonNegative(time.allowedLateness(), "time.allowedLateness");
        positive(time.maxFutureSkew(), "time.maxFutureSkew");
        positive(time.sourceIdleness(), "time.sourceIdleness");
        positive(time.dedupRetention(), "time.dedupRetention");
        if (time.dedupRetention() != null && time.allowedLateness() != null && time.maxOutOfOrderness() != null) {
            // An event is accepted until its week has been evaluated: up to a week plus the lateness behind the watermark.
            Duration longestAccepted = Duration.ofDays(7).plus(time.allowedLateness()).plus(time.maxOutOfOrderness());
            require(time.dedupRetention().compareTo(longestAccepted) >= 0, "time.dedupRetention",
                    "at least 7 days + allowedLateness + maxOutOfOrderness (" + longestAccepted + "), the longest an accepted event "
                            + "can trail the watermark, so a repeat is either caught or late, got " + time.dedupRetention());
        }
    }

    private void checkSignals(UpshiftConfig.Signals s, UpshiftConfig.UsageSettings usage, PlanCatalog catalog) {
        UpshiftConfig.LimitPressure pressure = s.limitPressure();
        if (present(pressure, "signals.limitPressure")) {
            fraction(pressure.threshold(), false, "signals.limitPressure.threshold");
            atLeast(pressure.consecutiveWeeks(), 1, "signals.limitPressure.consecutiveWeeks");
            if (positive(pressure.counterWindow(), "signals.limitPressure.counterWindow") && usage != null && usage.retention() != null) {
                Duration needed = Duration.ofDays(7L * pressure.consecutiveWeeks()).plus(pressure.counterWindow());
                require(usage.retention().compareTo(needed) >= 0, "usage.retention",
                        "at least consecutiveWeeks x 7 days + counterWindow (" + needed + ") so the signal can see its data, got "
                                + usage.retention());
            }
        }
        if (present(s.hardWalls(), "signals.hardWalls")) {
            positive(s.hardWalls().rearmAfter(), "signals.hardWalls.rearmAfter");
            List<UpshiftConfig.HardWall> rules = s.hardWalls().rules() == null ? List.of() : s.hardWalls().rules();
            for (int i = 0; i < rules.size(); i++) {
                String at = "signals.hardWalls.rules[" + i + "]";
                String metric = rules.get(i).metric();
                require(UpshiftConfig.HardWall.ANY_METRIC.equals(metric) || catalog.metrics().containsKey(metric), at + ".metric",
                        "\"*\" or a metric declared under catalog.metrics " + catalog.metrics().keySet() + ", got " + metric);
                require(rules.get(i).threshold() > 0, at + ".threshold", "a utilization > 0, got " + rules.get(i).threshold());
            }
        }
        if (present(s.seatGrowth(), "signals.seatGrowth")) {
            atLeast(s.seatGrowth().minSeatsAdded(), 2, "signals.seatGrowth.minSeatsAdded");
            positive(s.seatGrowth().window(), "signals.seatGrowth.window");
            require(catalog.kindOf(s.seatGrowth().seatMetric()) == MetricKind.GAUGE, "signals.seatGrowth.seatMetric",
                    "a gauge metric declared under catalog.metrics, got " + s.seatGrowth().seatMetric());
            for (Integer threshold : nonNull(s.seatGrowth().thresholds())) {
                require(threshold != null && threshold > 1, "signals.seatGrowth.thresholds", "seat counts > 1, got " + threshold);
            }
        }
        if (present(s.featureGate(), "signals.featureGate")) {
            nonEmpty(s.featureGate().eventTypes(), "signals.featureGate.eventTypes");
            atLeast(s.featureGate().minHits(), 1, "signals.featureGate.minHits");
            positive(s.featureGate().window(), "signals.featureGate.window");
            List<UpshiftConfig.FeatureOverride> overrides = nonNull(s.featureGate().overrides());
            for (int i = 0; i < overrides.size(); i++) {
                String at = "signals.featureGate.overrides[" + i + "]";
                require(catalog.tierOfFeature(overrides.get(i).feature()) >= 0, at + ".feature",
                        "a feature listed by some plan under catalog.plans[*].features, got " + overrides.get(i).feature());
                atLeast(overrides.get(i).minHits(), 1, at + ".minHits");
                positive(overrides.get(i).window(), at + ".window");
            }
        }
        if (present(s.explicitAsk(), "signals.explicitAsk")) {
            nonEmpty(s.explicitAsk().eventTypes(), "signals.explicitAsk.eventTypes");
        }
        if (present(s.workaround(), "signals.workaround")) {
            text(s.workaround().eventType(), "signals.workaround.eventType");
            atLeast(s.workaround().minRepeats(), 1, "signals.workaround.minRepeats");
            positive(s.workaround().window(), "signals.workaround.window");
        }
        if (present(s.activeUsersDoubled(), "signals.activeUsersDoubled")) {
            require(s.activeUsersDoubled().factor() > 1, "signals.activeUsersDoubled.factor", "a growth factor > 1, got " + s.activeUsersDoubled().factor());
            atLeast(s.activeUsersDoubled().baselineWeeks(), 1, "signals.activeUsersDoubled.baselineWeeks");
            require(s.activeUsersDoubled().minBaselineUsers() > 0, "signals.activeUsersDoubled.minBaselineUsers",
                    "a number of users > 0, got " + s.activeUsersDoubled().minBaselineUsers());
        }
        if (present(s.powerUser(), "signals.powerUser")) {
            text(s.powerUser().eventType(), "signals.powerUser.eventType");
            atLeast(s.powerUser().minSessionsPerWeek(), 1, "signals.powerUser.minSessionsPerWeek");
            atLeast(s.powerUser().consecutiveWeeks(), 1, "signals.powerUser.consecutiveWeeks");
        }
        if (present(s.annualConversion(), "signals.annualConversion")) {
            atLeast(s.annualConversion().minMonthsActive(), 1, "signals.annualConversion.minMonthsActive");
        }
        if (present(s.renewalWindow(), "signals.renewalWindow")) {
            positive(s.renewalWindow().within(), "signals.renewalWindow.within");
            fraction(s.renewalWindow().minUtilization(), false, "signals.renewalWindow.minUtilization");
        }
        if (present(s.usageDrop(), "signals.usageDrop")) {
            require(catalog.kindOf(s.usageDrop().metric()) == MetricKind.COUNTER, "signals.usageDrop.metric",
                    "a counter metric declared under catalog.metrics, got " + s.usageDrop().metric());
            fraction(s.usageDrop().factor(), false, "signals.usageDrop.factor");
            atLeast(s.usageDrop().baselineWeeks(), 1, "signals.usageDrop.baselineWeeks");
            atLeast(s.usageDrop().consecutiveWeeks(), 1, "signals.usageDrop.consecutiveWeeks");
            positive(s.usageDrop().holdPitchesFor(), "signals.usageDrop.holdPitchesFor");
        }
    }

    private void checkOffers(UpshiftConfig.OfferSettings offers) {
        require(offers.headroom() >= 0, "offers.headroom", "a fraction >= 0, got " + offers.headroom());
        require(offers.priorWeight() > 0, "offers.priorWeight", "a number of outcomes > 0, got " + offers.priorWeight());
        if (present(offers.priors(), "offers.priors")) {
            require(offers.priors().containsKey(UpshiftConfig.OfferSettings.DEFAULT_PRIOR), "offers.priors.default",
                    "a prior for signals without their own");
            for (Map.Entry<String, Double> prior : offers.priors().entrySet()) {
                String at = "offers.priors." + prior.getKey();
                require(prior.getKey().equals(UpshiftConfig.OfferSettings.DEFAULT_PRIOR) || SignalType.byId(prior.getKey()).isPresent(),
                        at, "a signal id, one of " + SignalType.ids());
                require(prior.getValue() != null && prior.getValue() > 0 && prior.getValue() < 1, at,
                        "a probability in (0, 1), got " + prior.getValue());
            }
        }
    }

    private void checkGuardrails(UpshiftConfig.Guardrails g) {
        positive(g.cooldown(), "guardrails.cooldown");
        nonNegative(g.newAccountGrace(), "guardrails.newAccountGrace");
        require(g.problemEventTypes() != null, "guardrails.problemEventTypes", "a list of event types (may be empty)");
        require(g.problemAttribute() != null, "guardrails.problemAttribute", "an attribute name, or \"\" for none");
        nonNegative(g.afterProblemTicket(), "guardrails.afterProblemTicket");
        nonNegative(g.pauseAfterDecline(), "guardrails.pauseAfterDecline");
        nonNegative(g.pauseAfterNoResponse(), "guardrails.pauseAfterNoResponse");
    }

    private void checkCatalog(PlanCatalog catalog) {
        require(!catalog.metrics().isEmpty(), "catalog.metrics", "at least one metric with its kind (counter or gauge)");
        require(!catalog.plans().isEmpty(), "catalog.plans", "at least one plan");
        require(catalog.annualDiscountPct() >= 0 && catalog.annualDiscountPct() < 100, "catalog.annualDiscountPct",
                "a percentage in [0, 100), got " + catalog.annualDiscountPct());
        Set<String> ids = new HashSet<>();
        Set<String> features = new HashSet<>();
        for (int i = 0; i < catalog.plans().size(); i++) {
            Plan plan = catalog.plans().get(i);
            String at = "catalog.plans[" + i + "]";
            text(plan.id(), at + ".id");
            require(plan.id() == null || ids.add(plan.id()), at + ".id", "a unique plan id, got a second '" + plan.id() + "'");
            require(plan.monthlyPrice() >= 0, at + ".monthlyPrice", "a price >= 0, got " + plan.monthlyPrice());
            require(plan.seatPrice() == null || plan.seatPrice() > 0, at + ".seatPrice", "a price > 0, or no key, got " + plan.seatPrice());
            if (i > 0) {
                double below = catalog.plans().get(i - 1).monthlyPrice();
                require(plan.monthlyPrice() > below, at + ".monthlyPrice",
                        "plans in tier order, each priced above the one before (" + below + "), got " + plan.monthlyPrice());
            }
            for (Map.Entry<String, Double> limit : plan.limits().entrySet()) {
                String limitAt = at + ".limits." + limit.getKey();
                require(catalog.metrics().containsKey(limit.getKey()), limitAt,
                        "a metric declared under catalog.metrics " + catalog.metrics().keySet());
                require(limit.getValue() != null && limit.getValue() > 0, limitAt, "a limit > 0, got " + limit.getValue());
            }
            for (String feature : plan.features()) {
                require(features.add(feature), at + ".features", "each feature on one tier only, got '" + feature + "' again");
            }
        }
        for (Map.Entry<String, String> capability : catalog.capabilities().entrySet()) {
            require(features.contains(capability.getValue()), "catalog.capabilities." + capability.getKey(),
                    "a feature listed by some plan, got '" + capability.getValue() + "'");
        }
        Set<String> addOnIds = new HashSet<>();
        for (int i = 0; i < catalog.addOns().size(); i++) {
            AddOn addOn = catalog.addOns().get(i);
            String at = "catalog.addOns[" + i + "]";
            text(addOn.id(), at + ".id");
            require(addOn.id() == null || addOnIds.add(addOn.id()), at + ".id", "a unique add-on id, got a second '" + addOn.id() + "'");
            require(addOn.monthlyPrice() > 0, at + ".monthlyPrice", "a price > 0, got " + addOn.monthlyPrice());
            nonEmpty(addOn.plans(), at + ".plans");
            for (String plan : addOn.plans()) {
                require(ids.contains(plan), at + ".plans", "plan ids from catalog.plans " + ids + ", got '" + plan + "'");
            }
            for (int j = 0; j < addOn.adjacentTo().size(); j++) {
                AddOn.Adjacency adjacency = addOn.adjacentTo().get(j);
                String adjacencyAt = at + ".adjacentTo[" + j + "]";
                text(adjacency.eventType(), adjacencyAt + ".eventType");
                atLeast(adjacency.minPerWeek(), 1, adjacencyAt + ".minPerWeek");
                atLeast(adjacency.consecutiveWeeks(), 1, adjacencyAt + ".consecutiveWeeks");
            }
        }
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }

    private boolean present(Object section, String path) {
        return require(section != null, path, "this section to be present");
    }

    private void text(String value, String path) {
        require(value != null && !value.isBlank(), path, "a non-empty string");
    }

    private void nonEmpty(Collection<?> values, String path) {
        require(values != null && !values.isEmpty(), path, "a non-empty list");
    }

    private boolean positive(Duration value, String path) {
        return require(value != null && !value.isNegative() && !value.isZero(), path, "a positive ISO-8601 duration, got " + value);
    }

    private void nonNegative(Duration value, String path) {
        require(value != null && !value.isNegative(), path, "an ISO-8601 duration >= 0, got " + value);
    }

    private void fraction(double value, boolean zeroAllowed, String path) {
        require((zeroAllowed ? value >= 0 : value > 0) && value <= 1, path,
                "a fraction in " + (zeroAllowed ? "[0, 1]" : "(0, 1]") + ", got " + value);
    }

    private void atLeast(int value, int min, String path) {
        require(value >= min, path, "a whole number >= " + min + ", got " + value);
    }

    private boolean require(boolean ok, String path, String expected) {
        if (!ok && !reportedPaths.contains(path)) {
            problems.add(new ConfigException.Problem(file, path, "expected " + expected));
        }
        return ok;
    }
}
