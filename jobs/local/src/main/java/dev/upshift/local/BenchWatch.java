package dev.upshift.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upshift.local.cluster.FlinkRest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * What the bench samples every few seconds while its job runs: the committed input offsets, for the steady-state
 * rate, and the checkpoint statistics, for the state size and checkpoint durations. The MiniCluster's REST API goes
 * away with the job, so the last sample taken while it ran is what is reported.
 */
final class BenchWatch {
    /** The steady state: after the start-up and before the end-of-input timers, by committed share of the input. */
    private static final double STEADY_FROM = 0.2;
    private static final double STEADY_UNTIL = 0.8;

    private final LongSupplier committed;
    private final long total;
    private final FlinkRest rest;
    private final String jobId;
    private final List<long[]> samples = new ArrayList<>();
    private JsonNode checkpoints;

    BenchWatch(LongSupplier committed, long total, FlinkRest rest, String jobId) {
        this.committed = committed;
        this.total = total;
        this.rest = rest;
        this.jobId = jobId;
    }

    /** Takes a sample; returns the progress line. */
    String sample() {
        long now = System.nanoTime();
        long done = committed.getAsLong();
        samples.add(new long[] {now, done});
        try {
            checkpoints = rest.checkpointStatistics(jobId);
        } catch (RuntimeException finishing) {
            // The job ended between samples and took its REST endpoint with it: the previous sample stands.
        }
        return String.format(Locale.ROOT, "Job: events committed %,d / %,d; checkpoints %d, state %,d MB", done, total,
                completedCheckpoints(), stateBytes() / (1024 * 1024));
    }

    /** Events per second between the samples at 20% and 80% of the input committed; 0 if the run was too short. */
    double steadyEventsPerSecond() {
        long[] from = null;
        long[] until = null;
        for (long[] sample : samples) {
            if (from == null && sample[1] >= total * STEADY_FROM) {
                from = sample;
            }
            if (sample[1] <= total * STEADY_UNTIL) {
                until = sample;
            }
        }
        if (from == null || until == null || until[0] <= from[0] || until[1] <= from[1]) {
            return 0;
        }
        return (until[1] - from[1]) / ((until[0] - from[0]) / 1e9);
    }

    long completedCheckpoints() {
        return checkpoints == null ? 0 : checkpoints.path("counts").path("completed").asLong();
    }

    /** The full state of the latest completed checkpoint, in bytes. */
    long stateBytes() {
        return checkpoints == null ? 0 : checkpoints.path("latest").path("completed").path("state_size").asLong();
    }

    /** A percentile (p50, p99, max) of the completed checkpoints' end-to-end durations, in milliseconds. */
    long checkpointMillis(String statistic) {
        return checkpoints == null ? 0 : checkpoints.path("summary").path("end_to_end_duration").path(statistic).asLong();
    }
}
