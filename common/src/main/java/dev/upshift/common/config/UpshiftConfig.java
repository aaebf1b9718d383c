package dev.upshift.common.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything an Upshift job is configured with: plumbing (topics, time, state bounds) and the playbook
 * (signals, offers, guardrails, holdout, catalog). The shipped defaults are in {@code upshift-defaults.yaml};
 * a user file overlays them. Every option is documented in docs/configuration.md.
 *
 * @param version a label for this playbook; audit records carry it with the config's fingerprint
 */
public record UpshiftConfig(
        String version,
        Topics topics,
        TimeSettings time,
        AccountSettings accounts,
        UsageSettings usage,
        Signals signals,
        OfferSettings offers,
        Guardrails guardrails,
        Holdout holdout,
        Vault vault,
        Delivery delivery,
        PlanCatalog catalog,
        Map<String, String> flink) implements Serializable {

    /** This config with another delivery section: the local tools point delivery at their embedded mail server. */
    public UpshiftConfig withDelivery(Delivery replacement) {
        return new UpshiftConfig(version, topics, time, accounts, usage, signals, offers, guardrails, holdout, vault,
                replacement, catalog, flink);
    }

    /**
     * @param drafts drafts awaiting review, for reviewers' tools
     * @param approvals reviewers' decisions on drafts
     * @param deliveries one record per mail sent or failed, keyed by offerId; compacted, it is the ledger that
     *     keeps a replayed or re-submitted job from sending an offer twice
     * @param outcomes every classified reply and no-response, with its offer, label and what was done about it
     * @param suppressions the suppression list, by contact address key; compacted, read first at a start without state
     *     and written with every contact the job learns has opted out
     */
    public record Topics(String events, String accounts, String feedback, String approvals, String signals, String offers,
            String drafts, String deliveries, String outcomes, String audit, String dlq, String suppressions) implements Serializable {}

    /**
     * @param maxOutOfOrderness how far the watermark trails each partition's clock (the median of its recent event
     *     times): within it, decisions are taken in exact event-time order
     * @param allowedLateness how long after a week ends its evaluation waits for stragglers; an event is late only
     *     once its week has been evaluated
     * @param maxFutureSkew a record stamped further ahead of the wall clock than this is refused as future_event
     * @param sourceIdleness after this long without records a source partition stops holding back the watermark
     * @param dedupRetention how long (processing time) event ids are remembered to drop repeats
     */
    public record TimeSettings(Duration maxOutOfOrderness, Duration allowedLateness, Duration maxFutureSkew,
            Duration sourceIdleness, Duration dedupRetention) implements Serializable {}

    /**
     * @param pendingMaxAge events of an account whose record has not arrived are kept this long (event time)
     * @param pendingMaxEvents and at most this many per account; the rest go to the DLQ as unknown_account
     */
    public record AccountSettings(Duration pendingMaxAge, int pendingMaxEvents) implements Serializable {}

    /** @param retention how long daily usage is kept per account */
    public record UsageSettings(Duration retention) implements Serializable {}

    /** The signal catalog: one section per signal, each an instance of one detector kind. */
    public record Signals(
            LimitPressure limitPressure,
            HardWalls hardWalls,
            SeatGrowth seatGrowth,
            FeatureGate featureGate,
            ExplicitAsk explicitAsk,
            Workaround workaround,
            ActiveUsersDoubled activeUsersDoubled,
            PowerUser powerUser,
            AnnualConversion annualConversion,
            RenewalWindow renewalWindow,
            UsageDrop usageDrop) implements Serializable {}

    /**
     * Consecutive periods: utilization at or over {@code threshold} for {@code consecutiveWeeks} ISO weeks.
     *
     * @param counterWindow trailing window summed for counter metrics at week end
     */
    public record LimitPressure(double threshold, int consecutiveWeeks, Duration counterWindow) implements Serializable {}

    /**
     * Utilization that fires at once, on the event that reaches it: a gauge's level, a counter's month-to-date total.
     *
     * @param rearmAfter after firing on a metric, the wall stays quiet for this long
     * @param rules checked in order; the first rule naming the metric applies, {@code "*"} matches any metric
     */
    public record HardWalls(Duration rearmAfter, List<HardWall> rules) implements Serializable {}

    public record HardWall(String metric, double threshold) implements Serializable {
        public static final String ANY_METRIC = "*";
    }

    /**
     * N events in a window ({@code seat_added}), plus crossing a seat count.
     *
     * @param seatMetric the gauge metric that reports seats in use
     * @param thresholds seat counts whose crossing fires on its own (e.g. the 4th and the 10th seat)
     */
    public record SeatGrowth(int minSeatsAdded, Duration window, String seatMetric, List<Integer> thresholds)
            implements Serializable {}

    /**
     * N events in a window: hits on features of a higher plan than the account's.
     *
     * @param overrides per-feature counts and windows, e.g. an enterprise integration tried twice in 48 hours
     */
    public record FeatureGate(List<String> eventTypes, int minHits, Duration window, List<FeatureOverride> overrides)
            implements Serializable {}

    public record FeatureOverride(String feature, int minHits, Duration window) implements Serializable {}

    /** N=1 events in a window: an ask whose capability maps to a feature on a higher plan fires on the first. */
    public record ExplicitAsk(List<String> eventTypes) implements Serializable {}

    /** N events in a window, grouped by event {@code name}, on paid accounts only. */
    public record Workaround(String eventType, int minRepeats, Duration window) implements Serializable {}

    /**
     * Growth against a baseline: weekly active users at least {@code factor} x the average of the prior weeks.
     *
     * @param minBaselineUsers the prior average must reach this, so 1 user becoming 2 does not count
     */
    public record ActiveUsersDoubled(double factor, int baselineWeeks, double minBaselineUsers) implements Serializable {}

    /** Consecutive periods: one user with {@code minSessionsPerWeek} sessions in each of {@code consecutiveWeeks} weeks. */
    public record PowerUser(String eventType, int minSessionsPerWeek, int consecutiveWeeks) implements Serializable {}

    /** Tenure: billed monthly and active for this many months; fires once per account. */
    public record AnnualConversion(int minMonthsActive) implements Serializable {}

    /** Renewal window: renewal at most {@code within} away and utilization of any limited metric this high. */
    public record RenewalWindow(Duration within, double minUtilization) implements Serializable {}

    /**
     * Drop against a baseline: weekly usage of {@code metric} at or below {@code factor} x the prior average, for
     * {@code consecutiveWeeks}. A negative signal: it earns a value touch and holds pitches back for {@code holdPitchesFor}.
     */
    public record UsageDrop(String metric, double factor, int baselineWeeks, int consecutiveWeeks, Duration holdPitchesFor)
            implements Serializable {}

    /**
     * @param headroom a target plan's limit must exceed current usage by this fraction
     * @param priors P(accept) by signal before any outcome is known; {@code default} covers the rest
     * @param priorWeight how many observed outcomes the prior is worth
     */
    public record OfferSettings(double headroom, Map<String, Double> priors, double priorWeight) implements Serializable {
        public static final String DEFAULT_PRIOR = "default";

        public double prior(String signal) {
            return priors.getOrDefault(signal, priors.get(DEFAULT_PRIOR));
        }
    }

    /**
     * @param cooldown the frequency-cap window
     * @param secondOfferIfDifferent allow a second offer inside the window when its signal family and target both differ
     * @param newAccountGrace no offer this soon after the account's startedAt
     * @param problemEventTypes event types that always count as a problem ticket
     * @param problemAttribute a support_request with this attribute set counts as a problem ticket
     * @param afterProblemTicket no offer this soon after a problem ticket
     */
    public record Guardrails(
            Duration cooldown,
            boolean secondOfferIfDifferent,
            Duration newAccountGrace,
            List<String> problemEventTypes,
            String problemAttribute,
            Duration afterProblemTicket,
            Duration pauseAfterDecline,
            Duration pauseAfterNoResponse) implements Serializable {}

    /** @param fraction share of accounts whose decisions are recorded but never sent */
    public record Holdout(double fraction, String salt) implements Serializable {}

    /**
     * Where the keys that encrypt account terms in state come from. The environment variable
     * {@code UPSHIFT_VAULT_KEYS} wins over {@code keyFile}.
     *
     * @param keyFile lines of {@code keyId:base64-key}; the first key encrypts, all decrypt (for rotation)
     */
    public record Vault(String keyFile) implements Serializable {}
}
