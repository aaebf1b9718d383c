package dev.upshift.common.logic;

import dev.upshift.common.config.PlanCatalog;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.model.Account;
import dev.upshift.common.model.Evidence;
import dev.upshift.common.model.SignalType;
import dev.upshift.common.model.UsageEvent;
import java.io.Serializable;
import java.util.List;
import java.util.Set;

/**
 * The "N events in a window" rules: which window, if any, an event counts towards. An ask for a higher-plan
 * capability is a window of one event.
 */
public final class EventRules implements Serializable {
    /**
     * The window an event counts towards.
     *
     * @param key the window's identity within the account: the rule and, where counted apart, the group
     * @param evidence what the signal will quote besides the event times
     */
    public record Match(String key, SignalType type, long windowMillis, int minEvents, Evidence evidence) {}

    private final PlanCatalog catalog;
    private final UpshiftConfig.SeatGrowth seats;
    private final UpshiftConfig.FeatureGate featureGate;
    private final Set<String> askTypes;
    private final UpshiftConfig.Workaround workaround;
    private final Set<String> problemTypes;
    private final String problemAttribute;

    public EventRules(UpshiftConfig config) {
        this.catalog = config.catalog();
        this.seats = config.signals().seatGrowth();
        this.featureGate = config.signals().featureGate();
        this.askTypes = Set.copyOf(config.signals().explicitAsk().eventTypes());
        this.workaround = config.signals().workaround();
        this.problemTypes = Set.copyOf(config.guardrails().problemEventTypes());
        this.problemAttribute = config.guardrails().problemAttribute();
    }

    public List<Match> matches(UsageEvent event, Account account) {
        if (UsageEvent.TYPE_SEAT_ADDED.equals(event.type)) {
            Evidence evidence = Evidence.of(Evidence.EVENTS_IN_WINDOW, account);
            evidence.eventType = event.type;
            evidence.metric = seats.seatMetric();
            evidence.limit = catalog.effectiveLimit(account, seats.seatMetric());
            return List.of(new Match("seat_growth", SignalType.SEAT_GROWTH, seats.window().toMillis(), seats.minSeatsAdded(), evidence));
        }
        if (featureGate.eventTypes().contains(event.type) && event.feature != null && catalog.isAbovePlan(event.feature, account.planId)) {
            return List.of(featureGate(event, account));
        }
        if (askTypes.contains(event.type) && event.capability != null && catalog.isAbovePlan(event.capability, account.planId)) {
            Evidence evidence = Evidence.of(Evidence.EVENTS_IN_WINDOW, account);
            evidence.eventType = event.type;
            evidence.capability = event.capability;
            evidence.feature = catalog.featureOf(event.capability);
            return List.of(new Match("explicit_ask|" + event.capability, SignalType.EXPLICIT_ASK, 1, 1, evidence));
        }
        if (workaround.eventType().equals(event.type) && event.name != null && isPaid(account)) {
            Evidence evidence = Evidence.of(Evidence.EVENTS_IN_WINDOW, account);
            evidence.eventType = event.type;
            evidence.name = event.name;
            if (catalog.isAbovePlan(event.name, account.planId)) {
                evidence.feature = catalog.featureOf(event.name);
            }
            return List.of(new Match("workaround|" + event.name, SignalType.WORKAROUND, workaround.window().toMillis(),
                    workaround.minRepeats(), evidence));
        }
        return List.of();
    }

    private Match featureGate(UsageEvent event, Account account) {
        Evidence evidence = Evidence.of(Evidence.EVENTS_IN_WINDOW, account);
        evidence.eventType = event.type;
        evidence.feature = catalog.featureOf(event.feature);
        for (UpshiftConfig.FeatureOverride override : featureGate.overrides()) {
            if (override.feature().equals(evidence.feature)) {
                return new Match("feature_gate|" + evidence.feature, SignalType.FEATURE_GATE, override.window().toMillis(),
                        override.minHits(), evidence);
            }
        }
        return new Match("feature_gate|" + evidence.feature, SignalType.FEATURE_GATE, featureGate.window().toMillis(),
                featureGate.minHits(), evidence);
    }

    /** On a plan with a price and past its trial. */
    private boolean isPaid(Account account) {
        return catalog.isPaid(account.planId) && !account.isTrial();
    }

    /** A ticket_opened event, or any event flagged with the problem attribute (e.g. a support_request with a severity). */
    public boolean isProblemTicket(UsageEvent event) {
        return problemTypes.contains(event.type)
                || (!problemAttribute.isEmpty() && event.attributes != null && event.attributes.containsKey(problemAttribute));
    }
}
