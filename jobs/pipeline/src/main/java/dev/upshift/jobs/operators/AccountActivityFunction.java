package dev.upshift.jobs.operators;

import dev.upshift.common.config.MetricKind;
import dev.upshift.common.config.PlanCatalog;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.logic.UsageKeys;
import dev.upshift.common.logic.UtcDays;
import dev.upshift.common.logic.WeeklyUsage;
import dev.upshift.common.model.Account;
import dev.upshift.common.model.DeadLetter;
import dev.upshift.common.model.DeadLetterReason;
import dev.upshift.common.model.InputRecord;
import dev.upshift.common.model.MetricDay;
import dev.upshift.common.model.SeatAdded;
import dev.upshift.common.model.UsageEvent;
import dev.upshift.common.model.WeekUtilization;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The per-account heart of the job, keyed by account id. It joins events to their account record, drops
 * duplicate and late events, keeps daily usage per metric, and at each ISO week close emits the compact
 * weekly records the limit-pressure pattern matches. Seat additions go to a side output for the seat pattern.
 *
 * <p>Timers: "day close" timers at a UTC midnight plus the allowed lateness (by then no more events of that
 * day can be accepted, so remembered event ids can be forgotten, and when the midnight is a Monday the week
 * is complete and is evaluated); the deadline of events held for a missing account record; and, once that
 * record arrives, one timer per held event at its own event time, so that the replayed event leaves this
 * operator with its true timestamp and downstream patterns see it in order.
 */
public class AccountActivityFunction extends KeyedProcessFunction<String, InputRecord, WeekUtilization> {
    private final PlanCatalog catalog;
    private final long allowedLateness;
    private final long pendingMaxAge;
    private final int pendingMaxEvents;
    private final int retentionDays;
    private final double pressureThreshold;
    private final int counterWindowDays;
    private final String seatMetric;

    private transient ValueState<Account> account;
    private transient MapState<String, Long> seenEventIds;
    private transient ListState<UsageEvent> pendingEvents;
    private transient ValueState<PendingBuffer> pendingBuffer;
    private transient MapState<String, MetricDay> dailyUsage;
    private transient Counter duplicates;

    public AccountActivityFunction(UpshiftConfig config) {
        this.catalog = config.catalog();
        this.allowedLateness = config.time().allowedLateness().toMillis();
        this.pendingMaxAge = config.accounts().pendingMaxAge().toMillis();
        this.pendingMaxEvents = config.accounts().pendingMaxEvents();
        this.retentionDays = UtcDays.days(config.usage().retention());
        this.pressureThreshold = config.signals().limitPressure().threshold();
        this.counterWindowDays = UtcDays.days(config.signals().limitPressure().counterWindow());
        this.seatMetric = config.signals().seatGrowth().seatMetric();
    }

    @Override
    public void open(OpenContext openContext) {
        account = getRuntimeContext().getState(StateDescriptors.account());
        seenEventIds = getRuntimeContext().getMapState(StateDescriptors.seenEventIds());
        pendingEvents = getRuntimeContext().getListState(StateDescriptors.pendingEvents());
        pendingBuffer = getRuntimeContext().getState(StateDescriptors.pendingBuffer());
        dailyUsage = getRuntimeContext().getMapState(StateDescriptors.dailyUsage());
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicateEvents");
    }

    @Override
    public void processElement(InputRecord record, Context ctx, Collector<WeekUtilization> out) throws Exception {
        if (record.account != null) {
            onAccount(record.account, ctx);
        } else if (record.deletedAccountId != null) {
            forgetAccount(ctx);
        } else {
            onEvent(record.event, ctx);
        }
    }

    private void onEvent(UsageEvent event, Context ctx) throws Exception {
        if (isLate(event.occurredAt, ctx.timerService().currentWatermark())) {
            ctx.output(OutputTags.DEAD_LETTERS, DeadLetter.of(DeadLetterReason.LATE_EVENT,
                    "occurredAt is more than the allowed lateness behind the watermark", event));
            return;
        }
        if (seenEventIds.contains(event.eventId)) {
            duplicates.inc();
            return;
        }
        seenEventIds.put(event.eventId, event.occurredAt);
        ctx.timerService().registerEventTimeTimer(dayCloseOf(event.occurredAt));

        Account current = account.value();
        if (current == null) {
            hold(event, ctx);
        } else {
            apply(event, current, ctx);
        }
    }

    private boolean isLate(long occurredAt, long watermark) {
        return watermark != Long.MIN_VALUE && occurredAt < watermark - allowedLateness;
    }

    private void apply(UsageEvent event, Account current, Context ctx) throws Exception {
        if (event.isUsage()) {
            String key = UsageKeys.of(event.metric, UtcDays.epochDay(event.occurredAt));
            MetricDay day = dailyUsage.get(key);
            if (day == null) {
                day = new MetricDay();
            }
            day.add(event);
            dailyUsage.put(key, day);
            ctx.timerService().registerEventTimeTimer(weekCloseOf(event.occurredAt));
        } else if (event.isSeatAdded()) {
            ctx.output(OutputTags.SEATS_ADDED, seatAdded(event, current));
        }
    }

    private SeatAdded seatAdded(UsageEvent event, Account current) throws Exception {
        SeatAdded seat = new SeatAdded();
        seat.accountId = event.accountId;
        seat.eventId = event.eventId;
        seat.occurredAt = event.occurredAt;
        seat.planId = current.planId;
        seat.seatsInUse = latestLevel(seatMetric);
        seat.seatLimit = catalog.effectiveLimit(current, seatMetric);
        seat.source = event.source;
        seat.payload = event.payload;
        return seat;
    }

    private Double latestLevel(String metric) throws Exception {
        long latestDay = Long.MIN_VALUE;
        Double level = null;
        for (Map.Entry<String, MetricDay> entry : dailyUsage.entries()) {
            if (entry.getValue().hasLevel && UsageKeys.metric(entry.getKey()).equals(metric)) {
                long day = UsageKeys.epochDay(entry.getKey());
                if (day > latestDay) {
                    latestDay = day;
                    level = entry.getValue().last;
                }
            }
        }
        return level;
    }

    private void hold(UsageEvent event, Context ctx) throws Exception {
        PendingBuffer buffer = pendingBuffer.value();
        if (buffer == null) {
            buffer = new PendingBuffer();
            buffer.deadline = event.occurredAt + pendingMaxAge;
            ctx.timerService().registerEventTimeTimer(buffer.deadline);
        }
        if (buffer.count >= pendingMaxEvents) {
            ctx.output(OutputTags.DEAD_LETTERS, DeadLetter.of(DeadLetterReason.UNKNOWN_ACCOUNT,
                    "no account record yet and " + pendingMaxEvents + " events already held for it", event));
            return;
        }
        buffer.count++;
        pendingBuffer.update(buffer);
        pendingEvents.add(event);
    }

    private void onAccount(Account updated, Context ctx) throws Exception {
        if (updated.isChurned()) {
            forgetAccount(ctx);
            return;
        }
        account.update(updated);
        PendingBuffer buffer = pendingBuffer.value();
        if (buffer != null && !buffer.isReplaying()) {
            ctx.timerService().deleteEventTimeTimer(buffer.deadline);
            buffer.deadline = PendingBuffer.REPLAYING;
            pendingBuffer.update(buffer);
            for (UsageEvent event : pendingEvents.get()) {
                ctx.timerService().registerEventTimeTimer(event.occurredAt);
            }
        }
    }

    /** Applies the held events whose time has come, each from the timer at its own event time. */
    private void replayHeldEvents(Account current, long timestamp, Context ctx) throws Exception {
        List<UsageEvent> later = new ArrayList<>();
        for (UsageEvent event : pendingEvents.get()) {
            if (event.occurredAt <= timestamp) {
                apply(event, current, ctx);
            } else {
                later.add(event);
            }
        }
        if (later.isEmpty()) {
            clearPending();
        } else {
            pendingEvents.update(later);
        }
    }

    /** A tombstone or a churned account: everything about it goes; held events are dead-lettered. */
    private void forgetAccount(Context ctx) throws Exception {
        deadLetterPending(ctx, "the account was deleted or churned before its record could be joined");
        account.clear();
        seenEventIds.clear();
        dailyUsage.clear();
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<WeekUtilization> out) throws Exception {
        long closedUntil = timestamp - allowedLateness;
        forgetSeenIdsBefore(closedUntil);
        Account current = account.value();
        PendingBuffer buffer = pendingBuffer.value();
        if (buffer != null && buffer.isReplaying() && current != null) {
            replayHeldEvents(current, timestamp, ctx);
        } else if (buffer != null && buffer.deadline <= timestamp) {
            deadLetterPending(ctx, "no account record arrived within accounts.pendingMaxAge of the first held event");
        }
        if (current != null && UtcDays.isWeekStart(closedUntil)) {
            closeWeek(current, closedUntil, timestamp, ctx, out);
        }
    }

    /** Removes by key, not through the iterator: an emptied map must leave no state entry behind. */
    private void forgetSeenIdsBefore(long closedUntil) throws Exception {
        List<String> forgotten = new ArrayList<>();
        for (Map.Entry<String, Long> seen : seenEventIds.entries()) {
            if (seen.getValue() < closedUntil) {
                forgotten.add(seen.getKey());
            }
        }
        for (String eventId : forgotten) {
            seenEventIds.remove(eventId);
        }
    }

    private void deadLetterPending(Context ctx, String detail) throws Exception {
        if (pendingBuffer.value() == null) {
            return;
        }
        for (UsageEvent event : pendingEvents.get()) {
            ctx.output(OutputTags.DEAD_LETTERS, DeadLetter.of(DeadLetterReason.UNKNOWN_ACCOUNT, detail, event));
        }
        clearPending();
    }

    private void clearPending() {
        pendingEvents.clear();
        pendingBuffer.clear();
    }

    /** Evaluates the week that ended at {@code weekEnd}, prunes expired days, and keeps the weekly chain going. */
    private void closeWeek(Account current, long weekEnd, long closedAt, OnTimerContext ctx, Collector<WeekUtilization> out)
            throws Exception {
        long weekEndDay = UtcDays.epochDay(weekEnd);
        Map<String, NavigableMap<Long, MetricDay>> byMetric = loadUsagePruningBefore(weekEndDay - retentionDays);
        long weekStartDay = weekEndDay - 7;
        for (Map.Entry<String, Double> limit : catalog.effectiveLimits(current).entrySet()) {
            NavigableMap<Long, MetricDay> days = byMetric.get(limit.getKey());
            if (days == null) {
                continue;
            }
            MetricKind kind = catalog.kindOf(limit.getKey());
            OptionalDouble usage = WeeklyUsage.of(kind, days, weekStartDay, counterWindowDays);
            if (usage.isPresent() && WeeklyUsage.reaches(usage.getAsDouble() / limit.getValue(), pressureThreshold)) {
                out.collect(weekUtilization(current, limit.getKey(), kind, limit.getValue(), weekStartDay, usage.getAsDouble(), closedAt));
            }
        }
        if (!byMetric.isEmpty()) {
            ctx.timerService().registerEventTimeTimer(closedAt + UtcDays.WEEK_MILLIS);
        }
    }

    private Map<String, NavigableMap<Long, MetricDay>> loadUsagePruningBefore(long oldestKeptDay) throws Exception {
        Map<String, NavigableMap<Long, MetricDay>> byMetric = new HashMap<>();
        List<String> expired = new ArrayList<>();
        for (Map.Entry<String, MetricDay> entry : dailyUsage.entries()) {
            long day = UsageKeys.epochDay(entry.getKey());
            if (day < oldestKeptDay) {
                expired.add(entry.getKey());
            } else {
                byMetric.computeIfAbsent(UsageKeys.metric(entry.getKey()), m -> new TreeMap<>()).put(day, entry.getValue());
            }
        }
        for (String key : expired) {
            dailyUsage.remove(key);
        }
        return byMetric;
    }

    private static WeekUtilization weekUtilization(
            Account current, String metric, MetricKind kind, double limit, long weekStartDay, double usage, long closedAt) {
        WeekUtilization week = new WeekUtilization();
        week.accountId = current.accountId;
        week.metric = metric;
        week.metricKind = kind.code();
        week.planId = current.planId;
        week.limit = limit;
        week.weekStart = UtcDays.startOfDay(weekStartDay);
        week.usage = usage;
        week.utilization = usage / limit;
        week.closedAt = closedAt;
        return week;
    }

    private long dayCloseOf(long occurredAt) {
        return UtcDays.startOfDay(UtcDays.epochDay(occurredAt) + 1) + allowedLateness;
    }

    private long weekCloseOf(long occurredAt) {
        return UtcDays.startOfDay(UtcDays.weekStartDay(UtcDays.epochDay(occurredAt)) + 7) + allowedLateness;
    }
}
