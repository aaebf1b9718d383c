package dev.upshift.common.logic;

import dev.upshift.common.model.Evidence;
import dev.upshift.common.model.SeatAdded;
import dev.upshift.common.model.Signal;
import dev.upshift.common.model.WeekUtilization;
import java.util.ArrayList;
import java.util.List;

/** Builds fired signals and the evidence that quotes their numbers. */
public final class Signals {
    private Signals() {}

    /**
     * @param weeks the consecutive pressured weeks, oldest first; the signal fires when the last one closed
     */
    public static Signal limitPressure(List<WeekUtilization> weeks, double threshold) {
        WeekUtilization last = weeks.get(weeks.size() - 1);
        Evidence evidence = new Evidence();
        evidence.planId = last.planId;
        evidence.metric = last.metric;
        evidence.metricKind = last.metricKind;
        evidence.limit = last.limit;
        evidence.threshold = threshold;
        evidence.usage = last.usage;
        evidence.weeks = new ArrayList<>(weeks);
        return Signal.of(last.accountId, Signal.LIMIT_PRESSURE, last.closedAt, evidence);
    }

    /** @param seats the seat additions that completed the pattern, oldest first */
    public static Signal seatGrowth(List<SeatAdded> seats, String seatMetric, int windowDays) {
        SeatAdded last = seats.get(seats.size() - 1);
        Evidence evidence = new Evidence();
        evidence.planId = last.planId;
        evidence.metric = seatMetric;
        evidence.metricKind = "gauge";
        evidence.limit = last.seatLimit;
        evidence.usage = last.seatsInUse;
        evidence.windowDays = windowDays;
        evidence.seatAddedAt = new ArrayList<>(seats.size());
        for (SeatAdded seat : seats) {
            evidence.seatAddedAt.add(seat.occurredAt);
        }
        return Signal.of(last.accountId, Signal.SEAT_GROWTH, last.occurredAt, evidence);
    }
}
