package dev.upshift.jobs.runtime.llm;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Stops calling a failing endpoint: after {@code failures} failures in a row it opens for {@code openFor}, then
 * lets one trial call through; a success closes it again. Called from HTTP callback threads, hence synchronized.
 */
final class CircuitBreaker {
    private final int failures;
    private final long openForMillis;
    private final LongSupplier clock;
    private int consecutiveFailures;
    private long openUntil;
    private boolean trialInFlight;

    CircuitBreaker(int failures, Duration openFor, LongSupplier clock) {
        this.failures = failures;
        this.openForMillis = openFor.toMillis();
        this.clock = clock;
    }

    /** Whether a call may go out now; while half-open, only one trial call does. */
    synchronized boolean allowsCall() {
        if (consecutiveFailures < failures) {
            return true;
        }
        if (clock.getAsLong() < openUntil || trialInFlight) {
            return false;
        }
        trialInFlight = true;
        return true;
    }

    synchronized void succeeded() {
        consecutiveFailures = 0;
        trialInFlight = false;
    }

    synchronized void failed() {
        consecutiveFailures++;
        trialInFlight = false;
        if (consecutiveFailures >= failures) {
            openUntil = clock.getAsLong() + openForMillis;
        }
    }
}
