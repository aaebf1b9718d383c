package dev.upshift.common.logic;

import dev.upshift.common.config.MetricKind;
import dev.upshift.common.model.MetricDay;
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
        Accumulator week = new Accumulator(kind, weekStartDay, counterWindowDays);
        days.forEach(week::add);
        return week.result();
    }

    /**
     * Builds one metric's weekly usage from its days in any order, so a week close reads each day once for all
     * metrics. A gauge week without reports has no reading: levels are not guessed.
     */
    public static final class Accumulator {
        private final boolean counter;
        private final long weekStartDay;
        private final long weekEndDay;
        private final long windowStartDay;
        private boolean seen;
        private double value;

        public Accumulator(MetricKind kind, long weekStartDay, int counterWindowDays) {
            this.counter = kind == MetricKind.COUNTER;
            this.weekStartDay = weekStartDay;
            this.weekEndDay = weekStartDay + 7;
            this.windowStartDay = weekEndDay - counterWindowDays;
        }

        public void add(long day, MetricDay usage) {
            if (day >= weekEndDay) {
                return;
            }
            if (counter && day >= windowStartDay) {
                value += usage.total;
                seen = true;
            } else if (!counter && day >= weekStartDay && usage.hasLevel) {
                value = seen ? Math.max(value, usage.peak) : usage.peak;
                seen = true;
            }
        }

        public OptionalDouble result() {
            return seen ? OptionalDouble.of(value) : OptionalDouble.empty();
        }
    }

    public static boolean reaches(double utilization, double threshold) {
        return utilization + EPSILON >= threshold;
    }
}
