package dev.upshift.jobs.operators;

import dev.upshift.common.config.MetricKind;
import dev.upshift.common.config.PlanCatalog;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.logic.UtcDays;
import dev.upshift.common.logic.WeeklyUsage;
import dev.upshift.common.model.Account;
import dev.upshift.common.model.DayUsage;
import dev.upshift.common.model.DeadLetter;
import dev.upshift.common.model.DeadLetterReason;
import dev.upshift.common.model.InputRecord;
import dev.upshift.common.model.MetricDay;
import dev.upshift.common.model.SeatAdded;
import dev.upshift.common.model.UsageDays;
import dev.upshift.common.model.UsageEvent;
import dev.upshift.common.model.WeekUtilization;
import java.time.Duration;
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
 * <p>Timers: "week close" timers at a Monday 00:00 UTC plus the allowed lateness (by then the week can
 * accept no more events, so it is evaluated); the deadline of events held for a missing account record; and,
 * once that record arrives, one timer per held event at its own event time, so that the replayed event leaves
 * this operator with its true timestamp and downstream patterns see it in order. After an account's last
 * usage, weekly closes continue only while a counter's trailing window can still see that usage; one last
 * close at the retention horizon then clears the rest.
 *
 * <p>Nothing here scans state: days are read and deleted through the {@link UsageDays} index, and event ids
 * expire by TTL. RocksDB scans over freshly deleted keys are slow, and this runs for every account weekly.
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
    private final Duration dedupRetention;

    private transient ValueState<Account> account;
    private transient MapState<String, Boolean> seenEventIds;
    private transient ListState<UsageEvent> pendingEvents;
    private transient ValueState<PendingBuffer> pendingBuffer;
    private transient MapState<Long, DayUsage> dailyUsage;
    private transient ValueState<UsageDays> usageDays;
    private transient Counter acceptedEvents;
    private transient Counter duplicates;

    public AccountActivityFunction(UpshiftConfig config) {
        this.catalog = config.catalog();
        this.allowedLateness = config.time().allowedLateness().toMillis();
        this.dedupRetention = config.time().dedupRetention();
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
        seenEventIds = getRuntimeContext().getMapState(StateDescriptors.seenEventIds(dedupRetention));
        pendingEvents = getRuntimeContext().getListState(StateDescriptors.pendingEvents());
        pendingBuffer = getRuntimeContext().getState(StateDescriptors.pendingBuffer());
        dailyUsage = getRuntimeContext().getMapState(StateDescriptors.dailyUsage());
        usageDays = getRuntimeContext().getState(StateDescriptors.usageDays());
        acceptedEvents = getRuntimeContext().getMetricGroup().counter("acceptedEvents");
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
        seenEventIds.put(event.eventId, Boolean.TRUE);
        acceptedEvents.inc();

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
            long day = UtcDays.epochDay(event.occurredAt);
            DayUsage usage = dailyUsage.get(day);
            if (usage == null) {
                usage = new DayUsage();
                indexDay(day);
                ctx.timerService().registerEventTimeTimer(weekCloseOf(event.occurredAt));
            }
            usage.add(event);
            dailyUsage.put(day, usage);
        } else if (event.isSeatAdded()) {
            ctx.output(OutputTags.SEATS_ADDED, seatAdded(event, current));
        }
    }

    private void indexDay(long day) throws Exception {
        UsageDays index = usageDays.value();
        if (index == null) {
            index = new UsageDays();
        }
        index.add(day);
        usageDays.update(index);
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

    /** The last reported level of a gauge, newest day first; seat additions are rare, so this may look back. */
    private Double latestLevel(String metric) throws Exception {
        UsageDays index = usageDays.value();
        if (index == null) {
            return null;
        }
        for (int i = index.days.size() - 1; i >= 0; i--) {
            MetricDay day = dailyUsage.get(index.days.get(i)).metrics.get(metric);
            if (day != null && day.hasLevel) {
                return day.last;
            }
        }
        return null;
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
        usageDays.clear();
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<WeekUtilization> out) throws Exception {
        Account current = account.value();
        PendingBuffer buffer = pendingBuffer.value();
        if (buffer != null && buffer.isReplaying() && current != null) {
            replayHeldEvents(current, timestamp, ctx);
        } else if (buffer != null && buffer.deadline <= timestamp) {
            deadLetterPending(ctx, "no account record arrived within accounts.pendingMaxAge of the first held event");
        }
        long closedUntil = timestamp - allowedLateness;
        if (current != null && UtcDays.isWeekStart(closedUntil)) {
            closeWeek(current, closedUntil, timestamp, ctx, out);
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

    /** Evaluates the week that ended at {@code weekEnd}, prunes expired days, and schedules the next close. */
    private void closeWeek(Account current, long weekEnd, long closedAt, OnTimerContext ctx, Collector<WeekUtilization> out)
            throws Exception {
        UsageDays index = usageDays.value();
        if (index == null) {
            return;
        }
        long weekEndDay = UtcDays.epochDay(weekEnd);
        for (long expired : index.removeBefore(weekEndDay - retentionDays)) {
            dailyUsage.remove(expired);
        }
        Map<String, NavigableMap<Long, MetricDay>> byMetric = usageByMetric(index, weekEndDay - Math.max(counterWindowDays, 7), weekEndDay);
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
        if (index.isEmpty()) {
            usageDays.clear();
        } else {
            usageDays.update(index);
            scheduleNextClose(index.newest(), weekEndDay, ctx);
        }
    }

    /** The usage of the indexed days in [fromDay, toDay), by metric and day. */
    private Map<String, NavigableMap<Long, MetricDay>> usageByMetric(UsageDays index, long fromDay, long toDay) throws Exception {
        Map<String, NavigableMap<Long, MetricDay>> byMetric = new HashMap<>();
        for (long day : index.between(fromDay, toDay)) {
            for (Map.Entry<String, MetricDay> metric : dailyUsage.get(day).metrics.entrySet()) {
                byMetric.computeIfAbsent(metric.getKey(), m -> new TreeMap<>()).put(day, metric.getValue());
            }
        }
        return byMetric;
    }

    /**
     * Next week, if its counter window can still see usage; otherwise the first week close after the newest
     * usage has passed retention, which prunes what is left.
     */
    private void scheduleNextClose(long newestUsageDay, long weekEndDay, OnTimerContext ctx) {
        long nextWeekEndDay = weekEndDay + 7;
        long closeDay = newestUsageDay >= nextWeekEndDay - counterWindowDays
                ? nextWeekEndDay
                : UtcDays.weekStartDay(newestUsageDay + retentionDays) + 7;
        ctx.timerService().registerEventTimeTimer(UtcDays.startOfDay(closeDay) + allowedLateness);
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

    private long weekCloseOf(long occurredAt) {
        return UtcDays.startOfDay(UtcDays.weekStartDay(UtcDays.epochDay(occurredAt)) + 7) + allowedLateness;
    }
}
