package dev.upshift.common.model;

import java.util.HashMap;
import java.util.Map;

/** One account's usage on one UTC day, by metric. One state entry per day: a usage event costs one read and one write. */
public class DayUsage {
    public Map<String, MetricDay> metrics = new HashMap<>();
    /** Counter totals from the first of the month to the end of this day, for hard walls. */
    public Map<String, Double> monthToDate = new HashMap<>();
    /** A later day of the same month has usage: an increment arriving for this day must be added to its totals too. */
    public boolean followedInMonth;

    public DayUsage() {}

    /** A new day of the same month as {@code previous}, carrying its month-to-date totals. */
    public static DayUsage carryingMonthToDate(DayUsage previous) {
        DayUsage day = new DayUsage();
        day.monthToDate.putAll(previous.monthToDate);
        return day;
    }

    /** @return the metric's month-to-date total after this event, for counters; null for gauges */
    public Double addUsage(UsageEvent event) {
        metrics.computeIfAbsent(event.metric, metric -> new MetricDay()).add(event);
        return event.quantity == null ? null : monthToDate.merge(event.metric, event.quantity, Double::sum);
    }
}
