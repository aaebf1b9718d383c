package dev.upshift.common.logic;

import dev.upshift.common.model.Account;
import dev.upshift.common.model.Evidence;
import dev.upshift.common.model.Signal;
import dev.upshift.common.model.SignalType;
import dev.upshift.common.model.WeekMeasure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Builds fired signals and the evidence that quotes their numbers. */
public final class Signals {
    private Signals() {}

    /**
     * A consecutive-weeks run completed.
     *
     * @param weeks the run, oldest first; the signal fires when the last week closed
     */
    public static Signal fromWeeks(WeeklyRule rule, List<WeekMeasure> weeks) {
        WeekMeasure last = weeks.get(weeks.size() - 1);
        Evidence evidence = new Evidence();
        evidence.trigger = Evidence.CONSECUTIVE_WEEKS;
        evidence.planId = last.planId;
        evidence.segment = last.segment;
        evidence.threshold = rule.threshold();
        evidence.weeks = new ArrayList<>(weeks);
        switch (rule.type()) {
            case LIMIT_PRESSURE -> {
                evidence.metric = last.subject;
                evidence.metricKind = last.metricKind;
                evidence.limit = last.limit;
                evidence.usage = last.value;
                evidence.utilization = last.utilization;
            }
            case POWER_USER -> {
                evidence.userId = last.subject;
                evidence.eventType = rule.eventType();
            }
            default -> {
                evidence.addOn = rule.addOn();
                evidence.eventType = rule.eventType();
            }
        }
        return Signal.of(last.accountId, rule.type(), last.closedAt, evidence);
    }

    /** An N-events-in-a-window rule filled; it fires at its newest event. */
    public static Signal fromWindow(String accountId, EventRules.Match match, List<Long> eventTimes) {
        Evidence evidence = match.evidence();
        evidence.eventTimes = eventTimes;
        evidence.minEvents = match.minEvents();
        if (match.minEvents() > 1) {
            evidence.window = UtcDays.format(Duration.ofMillis(match.windowMillis()));
        }
        return Signal.of(accountId, match.type(), eventTimes.get(eventTimes.size() - 1), evidence);
    }

    /** Utilization reached a hard wall on the event at {@code at}. */
    public static Signal hardWall(Account account, String metric, String metricKind, double usage, double limit, double threshold, long at) {
        Evidence evidence = Evidence.of(Evidence.HARD_WALL, account);
        evidence.metric = metric;
        evidence.metricKind = metricKind;
        evidence.usage = usage;
        evidence.limit = limit;
        evidence.utilization = Rounding.ratio(usage / limit);
        evidence.threshold = threshold;
        return Signal.of(account.accountId, SignalType.LIMIT_PRESSURE, at, evidence);
    }

    /** The seat count crossed a configured threshold on the report at {@code at}. */
    public static Signal seatThreshold(Account account, String metric, double previous, double seats, int threshold, Double limit, long at) {
        Evidence evidence = Evidence.of(Evidence.SEAT_THRESHOLD, account);
        evidence.metric = metric;
        evidence.metricKind = "gauge";
        evidence.seatThreshold = threshold;
        evidence.usage = seats;
        evidence.current = seats;
        evidence.baseline = previous;
        evidence.limit = limit;
        return Signal.of(account.accountId, SignalType.SEAT_GROWTH, at, evidence);
    }
}
