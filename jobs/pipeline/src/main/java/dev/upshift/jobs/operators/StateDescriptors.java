package dev.upshift.jobs.operators;

import dev.upshift.common.model.Account;
import dev.upshift.common.model.DayUsage;
import dev.upshift.common.model.UsageDays;
import dev.upshift.common.model.Signal;
import dev.upshift.common.model.UsageEvent;
import java.time.Duration;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * Every piece of keyed state the job keeps, in one place, with who clears it. Names are part of the
 * savepoint format: never rename one without a migration.
 */
public final class StateDescriptors {
    /** A safety net only: accounts are cleared by a tombstone or a churned record; this catches the forgotten. */
    static final Duration ACCOUNT_TTL = Duration.ofDays(400);

    private StateDescriptors() {}

    /** Latest account record. Owner: {@link AccountActivityFunction}; cleared on tombstone or churn; TTL backstop. */
    static ValueStateDescriptor<Account> account() {
        ValueStateDescriptor<Account> descriptor = new ValueStateDescriptor<>("account", Types.POJO(Account.class));
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(ACCOUNT_TTL)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build());
        return descriptor;
    }

    /**
     * Ids of recently seen events. Owner: {@link AccountActivityFunction}; forgotten after {@code ttl} of
     * processing time by state TTL, cleaned in RocksDB compaction: no scans, no timers per event.
     */
    static MapStateDescriptor<String, Boolean> seenEventIds(Duration ttl) {
        MapStateDescriptor<String, Boolean> descriptor = new MapStateDescriptor<>("seen-event-ids", Types.STRING, Types.BOOLEAN);
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(ttl)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .cleanupIncrementally(10, false)
                .cleanupInRocksdbCompactFilter(1000)
                .build());
        return descriptor;
    }

    /** Events waiting for their account record. Owner: {@link AccountActivityFunction}; drained or dead-lettered. */
    static ListStateDescriptor<UsageEvent> pendingEvents() {
        return new ListStateDescriptor<>("pending-events", Types.POJO(UsageEvent.class));
    }

    /** Count and deadline of {@link #pendingEvents()}. Cleared with it. */
    static ValueStateDescriptor<PendingBuffer> pendingBuffer() {
        return new ValueStateDescriptor<>("pending-buffer", Types.POJO(PendingBuffer.class));
    }

    /** Epoch day to that day's usage by metric. Owner: {@link AccountActivityFunction}; pruned at week close. */
    static MapStateDescriptor<Long, DayUsage> dailyUsage() {
        return new MapStateDescriptor<>("daily-usage", Types.LONG, Types.POJO(DayUsage.class));
    }

    /** Which days {@link #dailyUsage()} holds. Pruned with it; cleared when no day is left. */
    static ValueStateDescriptor<UsageDays> usageDays() {
        return new ValueStateDescriptor<>("usage-days", Types.POJO(UsageDays.class));
    }

    /** Signals waiting for the watermark. Owner: {@link OfferDecisionFunction}; drained by its timer. */
    static ListStateDescriptor<Signal> pendingSignals() {
        return new ListStateDescriptor<>("pending-signals", Types.POJO(Signal.class));
    }

    /** When the last offer was requested. Owner: {@link OfferDecisionFunction}; cleared when the cooldown ends. */
    static ValueStateDescriptor<Long> lastOfferRequestedAt() {
        return new ValueStateDescriptor<>("last-offer-requested-at", Types.LONG);
    }
}
