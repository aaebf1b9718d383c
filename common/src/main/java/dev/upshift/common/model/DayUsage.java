package dev.upshift.common.model;

import java.util.HashMap;
import java.util.Map;

/**
 * One account's activity on one UTC day: usage by metric, who was active, and counts of the behaviours
 * weekly rules watch. One state entry per day, so an event costs one read and one write.
 */
public class DayUsage {
    public Map<String, MetricDay> metrics = new HashMap<>();
    /** Counter totals from the first of the month to the end of this day, for hard walls. */
    public Map<String, Double> monthToDate = new HashMap<>();
    /** Active users, each with their number of session events. */
    public Map<String, Integer> users = new HashMap<>();
    /** Events by type, for the types weekly rules count. */
    public Map<String, Integer> eventCounts = new HashMap<>();

    public DayUsage() {}

    /** A new day, carrying the month-to-date totals of the previous day when it is in the same month. */
    public static DayUsage after(DayUsage previous, boolean sameMonth) {
        DayUsage day = new DayUsage();
        if (previous != null && sameMonth) {
            day.monthToDate.putAll(previous.monthToDate);
        }
        return day;
    }

    /** @return the metric's month-to-date total after this event, for counters; null for gauges */
    public Double addUsage(UsageEvent event) {
        metrics.computeIfAbsent(event.metric, metric -> new MetricDay()).add(event);
        return event.quantity == null ? null : monthToDate.merge(event.metric, event.quantity, Double::sum);
    }

    public void addUser(String userId, boolean session) {
        users.merge(userId, session ? 1 : 0, Integer::sum);
    }

    public void countEvent(String type) {
        eventCounts.merge(type, 1, Integer::sum);
    }
}
