package dev.upshift.jobs.runtime.metrics;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;

/**
 * One counter per value of a key, created when the value is first seen: {@code <group>.<key>.<value>.<name>},
 * e.g. {@code upshift.reason.cooldown.suppressions}; a reporter turns the key into a label (Prometheus: a
 * {@code reason="cooldown"} label on {@code upshift_suppressions}). Safe to call from several threads: async I/O
 * callbacks count too.
 */
public final class CountersByKey {
    private final MetricGroup group;
    private final String key;
    private final String name;
    private final Map<String, Counter> counters = new HashMap<>();

    public CountersByKey(MetricGroup group, String key, String name) {
        this.group = group;
        this.key = key;
        this.name = name;
    }

    public synchronized void inc(String value) {
        counters.computeIfAbsent(value == null ? "none" : value, v -> group.addGroup(key, v).counter(name, new ThreadSafeSimpleCounter())).inc();
    }
}
