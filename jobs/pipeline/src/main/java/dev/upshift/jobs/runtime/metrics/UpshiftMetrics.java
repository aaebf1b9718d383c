package dev.upshift.jobs.runtime.metrics;

import org.apache.flink.metrics.MetricGroup;

/** Where Upshift's own metrics live: one group, {@code upshift}, under each operator's metric group. */
public final class UpshiftMetrics {
    public static final String GROUP = "upshift";

    private UpshiftMetrics() {}

    public static MetricGroup of(MetricGroup operator) {
        return operator.addGroup(GROUP);
    }
}
