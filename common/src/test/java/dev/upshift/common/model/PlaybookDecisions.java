package dev.upshift.common.model;

import java.time.Instant;
import java.util.List;

/** A decision of every playbook, shared by the tests that render mail about one: the customer's draft and the owner's hand-off. */
public final class PlaybookDecisions {
    private PlaybookDecisions() {}

    /** A decision of the playbook, as the decision job makes it, with the evidence its detector records. */
    public static OfferDecision of(SignalType signal, long decidedAt) {
        OfferDecision decision = new OfferDecision();
        decision.offerId = "acme:" + signal.id();
        decision.accountId = "acme";
        decision.signal = signal.id();
        decision.currentPlan = "team";
        decision.decidedAt = decidedAt;
        decision.kind = "upsell";
        decision.target = "business";
        Evidence evidence = new Evidence();
        switch (signal) {
            case LIMIT_PRESSURE, RENEWAL_WINDOW -> {
                decision.currentPlan = "starter";
                decision.target = "team";
                evidence.trigger = signal == SignalType.LIMIT_PRESSURE ? Evidence.HARD_WALL : Evidence.RENEWAL;
                evidence.metric = "api_calls";
                evidence.metricKind = "counter";
                evidence.limit = 10000.0;
                evidence.utilization = 0.92;
                evidence.renewalAt = Instant.parse("2026-02-20T00:00:00Z").toEpochMilli();
            }
            case SEAT_GROWTH -> {
                decision.kind = "seat_expansion";
                decision.target = "team";
                decision.seats = 24;
                evidence.trigger = Evidence.EVENTS_IN_WINDOW;
                evidence.limit = 20.0;
                evidence.eventTimes = List.of(decidedAt - 7 * 86_400_000L, decidedAt);
            }
            case FEATURE_GATE, EXPLICIT_ASK, WORKAROUND -> {
                evidence.trigger = Evidence.EVENTS_IN_WINDOW;
                evidence.feature = "sso";
                evidence.capability = signal == SignalType.EXPLICIT_ASK ? "saml" : null;
                evidence.name = signal == SignalType.WORKAROUND ? "manual_csv_merge" : null;
                evidence.minEvents = signal == SignalType.EXPLICIT_ASK ? 1 : 3;
                evidence.eventTimes = List.of(decidedAt - 9 * 86_400_000L, decidedAt - 86_400_000L, decidedAt);
            }
            case ACTIVE_USERS_DOUBLED, USAGE_DROP -> {
                evidence.trigger = signal == SignalType.USAGE_DROP ? Evidence.BASELINE_DROP : Evidence.BASELINE_GROWTH;
                evidence.metric = signal == SignalType.USAGE_DROP ? "api_calls" : "active_users";
                evidence.baseline = 8.0;
                evidence.current = signal == SignalType.USAGE_DROP ? 3.0 : 17.0;
                decision.kind = signal == SignalType.USAGE_DROP ? "education" : "upsell";
            }
            case POWER_USER, CROSS_SELL -> {
                evidence.trigger = Evidence.CONSECUTIVE_WEEKS;
                evidence.threshold = signal == SignalType.POWER_USER ? 5.0 : 4.0;
                evidence.eventType = signal == SignalType.POWER_USER ? "session" : "export";
                evidence.userId = signal == SignalType.POWER_USER ? "p-1" : null;
                evidence.weeks = List.of(new WeekMeasure(), new WeekMeasure(), new WeekMeasure());
                if (signal == SignalType.CROSS_SELL) {
                    decision.kind = "cross_sell";
                    decision.target = null;
                    decision.addOn = "analytics";
                }
            }
            case ANNUAL_CONVERSION -> {
                evidence.trigger = Evidence.TENURE;
                evidence.monthsActive = 7;
                decision.kind = "annual_plan";
                decision.target = "team";
            }
        }
        decision.evidence = evidence;
        return decision;
    }
}
