package dev.upshift.common.logic;

import dev.upshift.common.config.MetricKind;
import dev.upshift.common.model.MetricDay;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalDouble;

/** How much of a metric an account used in a complete ISO week, as compared to its limit. */
public final class WeeklyUsage {
    /** Utilizations this close to a threshold count as reaching it, so 0.8 is not lost to float sums. */
    private static final double EPSILON = 1e-9;

    private WeeklyUsage() {}

    /**
     * The week's usage: for a gauge the peak level reported in the week, for a counter the total over the
     * trailing window that ends with the week. Empty when the week has nothing to go on.
     *
     * @param days the metric's days, keyed by epoch day
     */
    public static OptionalDouble of(MetricKind kind, NavigableMap<Long, MetricDay> days, long weekStartDay, int counterWindowDays) {
        long weekEndDay = weekStartDay + 7;
        return kind == MetricKind.COUNTER
                ? counterTotal(days.subMap(weekEndDay - counterWindowDays, true, weekEndDay, false))
                : gaugePeak(days, weekStartDay, weekEndDay);
    }

    private static OptionalDouble counterTotal(Map<Long, MetricDay> window) {
        if (window.isEmpty()) {
            return OptionalDouble.empty();
        }
        double total = 0;
        for (MetricDay day : window.values()) {
            total += day.total;
        }
        return OptionalDouble.of(total);
    }

    /** The highest level reported in the week. A week without reports has no reading: levels are not guessed. */
    private static OptionalDouble gaugePeak(NavigableMap<Long, MetricDay> days, long weekStartDay, long weekEndDay) {
        boolean reported = false;
        double peak = 0;
        for (MetricDay day : days.subMap(weekStartDay, true, weekEndDay, false).values()) {
            if (day.hasLevel) {
                peak = reported ? Math.max(peak, day.peak) : day.peak;
                reported = true;
            }
        }
        return reported ? OptionalDouble.of(peak) : OptionalDouble.empty();
    }

    public static boolean reaches(double utilization, double threshold) {
        return utilization + EPSILON >= threshold;
    }
}
