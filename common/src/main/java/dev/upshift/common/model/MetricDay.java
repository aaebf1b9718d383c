package dev.upshift.common.model;

/** One account's usage of one metric on one UTC day: the counter total and the gauge levels seen. */
public class MetricDay {
    /** Sum of counter increments. */
    public double total;
    /** Highest gauge level reported. */
    public double peak;
    /** The gauge level with the latest {@link #lastAt}: the level in force at the end of the day. */
    public double last;
    public long lastAt;
    public boolean hasLevel;

    public MetricDay() {}

    public void add(UsageEvent event) {
        if (event.quantity != null) {
            total += event.quantity;
        }
        if (event.value != null) {
            double level = event.value;
            peak = hasLevel ? Math.max(peak, level) : level;
            if (!hasLevel || event.occurredAt >= lastAt) {
                last = level;
                lastAt = event.occurredAt;
            }
            hasLevel = true;
        }
    }
}
