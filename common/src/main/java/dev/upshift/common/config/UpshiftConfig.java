package dev.upshift.common.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;

/**
 * Everything an Upshift job is configured with. The shipped defaults are in {@code upshift-defaults.yaml};
 * a user file overlays them. Every option is documented in docs/configuration.md.
 */
public record UpshiftConfig(
        Topics topics,
        TimeSettings time,
        AccountSettings accounts,
        UsageSettings usage,
        Signals signals,
        OfferSettings offers,
        PlanCatalog catalog,
        Map<String, String> flink) implements Serializable {

    public record Topics(String events, String accounts, String signals, String offers, String dlq)
            implements Serializable {}

    /**
     * @param maxOutOfOrderness how far behind the newest event the watermark trails
     * @param allowedLateness how far behind the watermark an event may still arrive; later ones are dead-lettered
     * @param sourceIdleness after this long without records a source partition stops holding back the watermark
     * @param dedupRetention how long (processing time) event ids are remembered to drop repeats
     */
    public record TimeSettings(Duration maxOutOfOrderness, Duration allowedLateness, Duration sourceIdleness,
            Duration dedupRetention) implements Serializable {}

    /**
     * @param pendingMaxAge events of an account whose record has not arrived are kept this long (event time)
     * @param pendingMaxEvents and at most this many per account; the rest go to the DLQ as unknown_account
     */
    public record AccountSettings(Duration pendingMaxAge, int pendingMaxEvents) implements Serializable {}

    /** @param retention how long daily usage is kept per account */
    public record UsageSettings(Duration retention) implements Serializable {}

    public record Signals(LimitPressure limitPressure, SeatGrowth seatGrowth) implements Serializable {}

    /**
     * @param threshold utilization (usage / limit) that counts as pressure
     * @param consecutiveWeeks complete ISO weeks in a row at or over the threshold
     * @param counterWindow trailing window summed for counter metrics at week end
     */
    public record LimitPressure(double threshold, int consecutiveWeeks, Duration counterWindow)
            implements Serializable {}

    /**
     * @param minSeatsAdded seat_added events needed within the window
     * @param seatMetric the gauge metric that reports seats in use
     */
    public record SeatGrowth(int minSeatsAdded, Duration window, String seatMetric) implements Serializable {}

    /**
     * @param cooldown at most one offer request per account within this much event time
     * @param headroom a target plan's limit must exceed current usage by this fraction
     */
    public record OfferSettings(Duration cooldown, double headroom) implements Serializable {}
}
