package dev.upshift.local;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Timestamped progress lines on stdout, relative to when the command started. */
public final class Progress {
    private static final long REPORT_EVERY_SECONDS = 5;

    private final long startNanos = System.nanoTime();
    private long lastDueNanos = startNanos;

    public void say(String message) {
        long seconds = (System.nanoTime() - startNanos) / 1_000_000_000L;
        System.out.printf("[%02d:%02d] %s%n", seconds / 60, seconds % 60, message);
    }

    /** True at most once every few seconds: for loops that report how far they are. */
    boolean due() {
        long now = System.nanoTime();
        if (now - lastDueNanos < REPORT_EVERY_SECONDS * 1_000_000_000L) {
            return false;
        }
        lastDueNanos = now;
        return true;
    }

    /** Prints {@code status} every few seconds until closed, while this thread does the work. */
    Reporting reportEvery(Supplier<String> status) {
        ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor();
        reporter.scheduleAtFixedRate(() -> say(status.get()), REPORT_EVERY_SECONDS, REPORT_EVERY_SECONDS, TimeUnit.SECONDS);
        return reporter::shutdownNow;
    }

    /** Stops a {@link #reportEvery} report. */
    interface Reporting extends AutoCloseable {
        @Override
        void close();
    }

    /** Runs a bounded job to its end, printing {@code status} every few seconds while it works. */
    void runJob(StreamExecutionEnvironment env, String jobName, Supplier<String> status) throws Exception {
        awaitJob(env.executeAsync(jobName).getJobExecutionResult(), status);
    }

    /** Waits for a submitted job to end, printing {@code status} every few seconds. */
    void awaitJob(CompletableFuture<JobExecutionResult> result, Supplier<String> status) throws Exception {
        while (true) {
            try {
                result.get(REPORT_EVERY_SECONDS, TimeUnit.SECONDS);
                return;
            } catch (TimeoutException stillRunning) {
                say(status.get());
            }
        }
    }
}
