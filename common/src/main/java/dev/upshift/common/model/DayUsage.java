package dev.upshift.common.model;

import java.util.HashMap;
import java.util.Map;

/** One account's usage on one UTC day, by metric. */
public class DayUsage {
    public Map<String, MetricDay> metrics = new HashMap<>();

    public DayUsage() {}

    public void add(UsageEvent event) {
        metrics.computeIfAbsent(event.metric, metric -> new MetricDay()).add(event);
    }
}
