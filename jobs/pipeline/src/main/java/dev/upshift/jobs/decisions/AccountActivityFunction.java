package dev.upshift.jobs.decisions;

import dev.upshift.common.config.PlanCatalog;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.logic.EventRules;
import dev.upshift.common.logic.HardWalls;
import dev.upshift.common.logic.Signals;
import dev.upshift.common.logic.UtcDays;
import dev.upshift.common.logic.WeekSummary;
import dev.upshift.common.logic.WeeklyDetectors;
import dev.upshift.common.logic.WeeklyRule;
import dev.upshift.common.logic.WeeklyUsage;
import dev.upshift.common.model.Account;
import dev.upshift.common.model.DayUsage;
import dev.upshift.common.model.DeadLetter;
import dev.upshift.common.model.DeadLetterReason;
import dev.upshift.common.model.DecisionInput;
import dev.upshift.common.model.InputRecord;
import dev.upshift.common.model.MetricDay;
import dev.upshift.common.model.Signal;
import dev.upshift.common.model.SignalType;
import dev.upshift.common.model.UsageDays;
import dev.upshift.common.model.UsageEvent;
import dev.upshift.common.model.WeekActivity;
import dev.upshift.common.model.WeekMeasure;
import dev.upshift.common.state.EventWindows;
import dev.upshift.common.state.SignalMemory;
import dev.upshift.common.state.WeeklyHistory;
import dev.upshift.jobs.operators.PendingBuffer;
import dev.upshift.jobs.runtime.OutputTags;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The per-account heart of the job, keyed by account id. It joins events to their account record, drops
 * duplicate and late events, keeps daily activity, and runs the detectors:
 * <ul>
 *   <li>on each event: N events in a window (seats, feature gates, asks, workarounds), hard walls, seat-count
 *       crossings, and problem tickets for the guardrails;</li>
 *   <li>at each ISO week close: the weekly measures the consecutive-weeks patterns match (its main output),
 *       and the baseline, tenure and renewal signals.</li>
 * </ul>
 * Signals it decides itself go to {@link OutputTags#SIGNALS}.
 *
 * <p>Timers: "week close" timers at a Monday 00:00 UTC plus the allowed lateness (by then the week can
 * accept no more events, so it is evaluated), and the deadline of events held for a missing account record;
 * once that record arrives, held events are applied at once, in event-time order. After an account's last activity, weekly closes continue only while a
 * counter's trailing window can still see it; one last close at the retention horizon then clears the rest.
 *
 * <p>Nothing here scans state: days are read and deleted through the {@link UsageDays} index, and event ids
 * expire by TTL. RocksDB scans over freshly deleted keys are slow, and this runs for every account weekly.
 *
 * <p>Why one class of this length: it is the one operator that sees every event of an account, and the detectors it
 * feeds share the account's days, weeks and windows in keyed state; split into several operators, each would need
 * its own copy of that state or another shuffle. The detection rules themselves live in common (EventRules,
 * HardWalls, WeeklyDetectors); what stays here is reading and pruning state, and its state declarations at the
 * end.
 */
public class AccountActivityFunction extends KeyedProcessFunction<String, InputRecord, WeekMeasure> {
    private final PlanCatalog catalog;
    private final long allowedLateness;
    private final long pendingMaxAge;
    private final int pendingMaxEvents;
    private final int retentionDays;
    private final int counterWindowDays;
    private final String seatMetric;
    private final List<Integer> seatThresholds;
    private final String sessionType;
    private final Set<String> countedTypes;
    private final String dropMetric;
    private final Duration dedupRetention;
    private final EventRules eventRules;
    private final HardWalls hardWalls;
    private final WeeklyDetectors weeklyDetectors;

    private transient ValueState<Account> account;
    private transient MapState<String, Boolean> seenEventIds;
    private transient ListState<UsageEvent> pendingEvents;
    private transient ValueState<PendingBuffer> pendingBuffer;
    private transient MapState<Long, DayUsage> dailyUsage;
    private transient ValueState<UsageDays> usageDays;
    private transient MapState<Long, WeekActivity> weeklyActivity;
    private transient ValueState<EventWindows> eventWindows;
    private transient ValueState<WeeklyHistory> weeklyHistory;
    private transient ValueState<SignalMemory> signalMemory;
    private transient Counter acceptedEvents;
    private transient Counter duplicates;
    /** The newest event this subtask has seen; only consulted when bounded input ends (see onTimer). */
    private transient long newestEventTime;

    public AccountActivityFunction(UpshiftConfig config) {
        this.catalog = config.catalog();
        this.allowedLateness = config.time().allowedLateness().toMillis();
        this.dedupRetention = config.time().dedupRetention();
        this.pendingMaxAge = config.accounts().pendingMaxAge().toMillis();
        this.pendingMaxEvents = config.accounts().pendingMaxEvents();
        this.retentionDays = UtcDays.days(config.usage().retention());
        this.counterWindowDays = UtcDays.days(config.signals().limitPressure().counterWindow());
        this.seatMetric = config.signals().seatGrowth().seatMetric();
        this.seatThresholds = List.copyOf(config.signals().seatGrowth().thresholds());
        this.sessionType = config.signals().powerUser().eventType();
        this.countedTypes = new HashSet<>();
        for (WeeklyRule rule : WeeklyRule.from(config)) {
            if (rule.addOn() != null) {
                countedTypes.add(rule.eventType());
            }
        }
        this.dropMetric = config.signals().usageDrop().metric();
        this.eventRules = new EventRules(config);
        this.hardWalls = new HardWalls(config.signals().hardWalls());
        this.weeklyDetectors = new WeeklyDetectors(config);
    }

    @Override
    public void open(OpenContext openContext) {
        account = getRuntimeContext().getState(account());
        seenEventIds = getRuntimeContext().getMapState(seenEventIds(dedupRetention));
        pendingEvents = getRuntimeContext().getListState(pendingEvents());
        pendingBuffer = getRuntimeContext().getState(pendingBuffer());
        dailyUsage = getRuntimeContext().getMapState(dailyUsage());
        usageDays = getRuntimeContext().getState(usageDays());
        weeklyActivity = getRuntimeContext().getMapState(weeklyActivity());
        eventWindows = getRuntimeContext().getState(eventWindows());
        weeklyHistory = getRuntimeContext().getState(weeklyHistory());
        signalMemory = getRuntimeContext().getState(signalMemory());
        acceptedEvents = getRuntimeContext().getMetricGroup().counter("acceptedEvents");
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicateEvents");
        newestEventTime = Long.MIN_VALUE;
    }

    @Override
    public void processElement(InputRecord record, Context ctx, Collector<WeekMeasure> out) throws Exception {
        switch (record.kind) {
            case ACCOUNT -> onAccount(record.account, ctx);
            case DELETION -> forgetAccount(ctx);
            case EVENT -> onEvent(record.event, ctx);
            // Routed elsewhere (RouteInputs): never keyed to this operator.
            case FEEDBACK, APPROVAL, SUPPRESSION, DEAD_LETTER -> throw new IllegalStateException(record.kind + " routed to account activity");
        }
    }

    private void onEvent(UsageEvent event, Context ctx) throws Exception {
        if (isLate(event.occurredAt, ctx.timerService().currentWatermark())) {
            ctx.output(OutputTags.DEAD_LETTERS, late(event, "arrived"));
            return;
        }
        if (seenEventIds.contains(event.eventId)) {
            duplicates.inc();
            return;
        }
        seenEventIds.put(event.eventId, Boolean.TRUE);
        acceptedEvents.inc();
        newestEventTime = Math.max(newestEventTime, event.occurredAt);

        Account current = account.value();
        if (current == null) {
            hold(event, ctx);
        } else {
            apply(event, current, ctx);
        }
    }

    /**
     * Late once its ISO week has been evaluated (the week close at its end plus the allowed lateness): by then
     * nothing it counts towards is open. Its day's usage, the week's activity and the event windows it could fill
     * are all still open before that; the windows of closed weeks are expired at the same close.
     */
    private boolean isLate(long occurredAt, long watermark) {
        return watermark >= weekCloseOf(occurredAt);
    }

    private DeadLetter late(UsageEvent event, String when) {
        long weekStart = UtcDays.startOfDay(UtcDays.weekStartDay(UtcDays.epochDay(event.occurredAt)));
        return DeadLetter.of(DeadLetterReason.LATE_EVENT, when + " after its week (from " + Instant.ofEpochMilli(weekStart)
                + ") was evaluated at " + Instant.ofEpochMilli(weekCloseOf(event.occurredAt)) + " (its end plus time.allowedLateness)", event);
    }

    private void apply(UsageEvent event, Account current, Context ctx) throws Exception {
        if (eventRules.isProblemTicket(event)) {
            ctx.output(DecisionTags.PROBLEM_TICKETS, DecisionInput.problemTicket(event.accountId, event.occurredAt));
        }
        if (event.isUsage()) {
            recordUsage(event, current, ctx);
        }
        if (event.userId != null || countedTypes.contains(event.type)) {
            recordActivity(event, ctx);
        }
        countTowardsWindows(event, current, ctx);
    }

    private void recordUsage(UsageEvent event, Account current, Context ctx) throws Exception {
        long day = UtcDays.epochDay(event.occurredAt);
        DayUsage usage = dailyUsage.get(day);
        if (usage == null) {
            usage = newDay(day, ctx);
        }
        Double seatsBefore = seatMetric.equals(event.metric) && event.value != null ? levelBefore(seatMetric, day, usage) : null;
        Double monthToDate = usage.addUsage(event);
        dailyUsage.put(day, usage);
        if (event.quantity != null && usage.followedInMonth) {
            addToLaterDaysOfTheMonth(day, event);
        }
        checkHardWall(event, current, event.value != null ? event.value : monthToDate, ctx);
        if (seatsBefore != null) {
            checkSeatThresholds(event, current, seatsBefore, ctx);
        }
    }

    /** Active users, their sessions and the behaviours weekly rules count, by ISO week. */
    private void recordActivity(UsageEvent event, Context ctx) throws Exception {
        long week = UtcDays.weekStartDay(UtcDays.epochDay(event.occurredAt));
        WeekActivity activity = weeklyActivity.get(week);
        if (activity == null) {
            activity = new WeekActivity();
            ctx.timerService().registerEventTimeTimer(weekCloseOf(event.occurredAt));
        }
        if (event.userId != null) {
            activity.addUser(event.userId, sessionType.equals(event.type));
        }
        if (countedTypes.contains(event.type)) {
            activity.countEvent(event.type);
        }
        weeklyActivity.put(week, activity);
    }

    /**
     * A new day in the index, carrying the month-to-date counter totals of the day before it. The day before is
     * marked as followed, so that an event arriving for it later also counts in this day's month-to-date. The
     * first day of a week arms the week's close; a later day finds it armed (registering it again costs a
     * lookup in the timer queue's de-duplication map for every new day).
     */
    private DayUsage newDay(long day, Context ctx) throws Exception {
        UsageDays index = usageDays.value();
        if (index == null) {
            index = new UsageDays();
        }
        long weekStartDay = UtcDays.weekStartDay(day);
        if (!index.hasAnyBetween(weekStartDay, weekStartDay + 7)) {
            ctx.timerService().registerEventTimeTimer(weekCloseOf(UtcDays.startOfDay(day)));
        }
        Long previous = index.newestBefore(day);
        boolean followed = index.hasAnyBetween(day + 1, UtcDays.firstDayOfNextMonth(day));
        index.add(day);
        usageDays.update(index);
        DayUsage created = new DayUsage();
        if (previous != null && UtcDays.sameMonth(previous, day)) {
            DayUsage before = dailyUsage.get(previous);
            created = DayUsage.carryingMonthToDate(before);
            if (!before.followedInMonth) {
                before.followedInMonth = true;
                dailyUsage.put(previous, before);
            }
        }
        created.followedInMonth = followed;
        return created;
    }

    /** An increment that arrived after later days of its month: their month-to-date totals include it too. */
    private void addToLaterDaysOfTheMonth(long day, UsageEvent event) throws Exception {
        for (long later : usageDays.value().between(day + 1, UtcDays.firstDayOfNextMonth(day))) {
            DayUsage usage = dailyUsage.get(later);
            usage.monthToDate.merge(event.metric, event.quantity, Double::sum);
            dailyUsage.put(later, usage);
        }
    }

    private void checkHardWall(UsageEvent event, Account current, double usage, Context ctx) throws Exception {
        Double limit = catalog.effectiveLimit(current, event.metric);
        if (limit == null || limit <= 0) {
            return;
        }
        Double threshold = hardWalls.reached(event.metric, usage / limit);
        if (threshold == null) {
            return;
        }
        SignalMemory memory = memory();
        if (hardWalls.isArmed(memory.hardWallFiredAt, event.metric, event.occurredAt)) {
            memory.hardWallFiredAt.put(event.metric, event.occurredAt);
            signalMemory.update(memory);
            ctx.output(DecisionTags.SIGNALS, Signals.hardWall(current, event.metric, catalog.kindOf(event.metric).code(),
                    usage, limit, threshold, event.occurredAt));
        }
    }

    private void checkSeatThresholds(UsageEvent event, Account current, double before, Context ctx) {
        for (int threshold : seatThresholds) {
            if (before < threshold && event.value >= threshold) {
                ctx.output(DecisionTags.SIGNALS, Signals.seatThreshold(current, seatMetric, before, event.value, threshold,
                        catalog.effectiveLimit(current, seatMetric), event.occurredAt));
            }
        }
    }

    /**
     * The level a gauge stood at by {@code day}: that day's last report, else the newest earlier day's. Gauges
     * like seats are reported rarely, so this may look back a few days.
     *
     * @param today the day's usage when already read, else null
     */
    private Double levelBefore(String metric, long day, DayUsage today) throws Exception {
        MetricDay reported = today != null ? today.metrics.get(metric) : null;
        if (reported != null && reported.hasLevel) {
            return reported.last;
        }
        UsageDays index = usageDays.value();
        if (index == null) {
            return null;
        }
        long newestToRead = today != null ? day - 1 : day;
        for (int i = index.days.size() - 1; i >= 0; i--) {
            long earlier = index.days.get(i);
            MetricDay level = earlier <= newestToRead ? dailyUsage.get(earlier).metrics.get(metric) : null;
            if (level != null && level.hasLevel) {
                return level.last;
            }
        }
        return null;
    }

    private void countTowardsWindows(UsageEvent event, Account current, Context ctx) throws Exception {
        List<EventRules.Match> matches = eventRules.matches(event, current);
        if (matches.isEmpty()) {
            return;
        }
        EventWindows windows = eventWindows.value();
        if (windows == null) {
            windows = new EventWindows();
            ctx.timerService().registerEventTimeTimer(weekCloseOf(event.occurredAt)); // expiry re-arms itself while needed
        }
        for (EventRules.Match match : matches) {
            List<Long> filled = windows.add(match.key(), event.occurredAt, match.windowMillis(), match.minEvents());
            if (!filled.isEmpty()) {
                if (match.type() == SignalType.SEAT_GROWTH) {
                    match.evidence().usage = levelBefore(seatMetric, UtcDays.epochDay(event.occurredAt), null);
                }
                ctx.output(DecisionTags.SIGNALS, Signals.fromWindow(event.accountId, match, filled));
            }
        }
        updateOrClear(eventWindows, windows, windows.isEmpty());
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

    /** Keeps what the detectors need; the sensitive terms are not needed here, so they are not stored at all. */
    private void onAccount(Account updated, Context ctx) throws Exception {
        if (updated.isChurned()) {
            forgetAccount(ctx);
            return;
        }
        Account stored = updated.withoutTerms();
        account.update(stored);
        PendingBuffer buffer = pendingBuffer.value();
        if (buffer != null) {
            ctx.timerService().deleteEventTimeTimer(buffer.deadline);
            replayHeldEvents(stored, ctx);
        }
    }

    /**
     * Applies the held events at once, in event-time order, before any later event of the account: detectors
     * that count (windows, seat levels, month-to-date) see the account's events in the order they happened.
     * Signals carry their own times, so nothing downstream depends on when this runs.
     */
    private void replayHeldEvents(Account current, Context ctx) throws Exception {
        List<UsageEvent> held = new ArrayList<>();
        pendingEvents.get().forEach(held::add);
        held.sort(Comparator.comparingLong(event -> event.occurredAt));
        long watermark = ctx.timerService().currentWatermark();
        for (UsageEvent event : held) {
            if (isLate(event.occurredAt, watermark)) {
                ctx.output(OutputTags.DEAD_LETTERS, late(event, "held for its account record until"));
            } else {
                apply(event, current, ctx);
            }
        }
        clearPending();
    }

    /** A tombstone or a churned account: everything about it goes; held events are dead-lettered. */
    private void forgetAccount(Context ctx) throws Exception {
        deadLetterPending(ctx, "the account was deleted or churned before its record could be joined");
        account.clear();
        seenEventIds.clear();
        dailyUsage.clear();
        usageDays.clear();
        weeklyActivity.clear();
        eventWindows.clear();
        weeklyHistory.clear();
        signalMemory.clear();
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<WeekMeasure> out) throws Exception {
        Account current = account.value();
        PendingBuffer buffer = pendingBuffer.value();
        if (buffer != null && buffer.deadline <= timestamp) {
            deadLetterPending(ctx, "no account record arrived within accounts.pendingMaxAge of the first held event");
        }
        long closedUntil = timestamp - allowedLateness;
        if (current != null && UtcDays.isWeekStart(closedUntil)) {
            expireWindows(closedUntil, ctx);
            closeWeek(current, closedUntil, timestamp, isJudged(closedUntil, ctx), ctx, out);
        }
    }

    /**
     * When bounded input (a backtest, the demo) ends, the final watermark fires every remaining timer. Weeks
     * that began after the last event are not judged then: their silence is the end of the data, not a drop.
     */
    private boolean isJudged(long weekEnd, OnTimerContext ctx) {
        return ctx.timerService().currentWatermark() != Long.MAX_VALUE || weekEnd - UtcDays.WEEK_MILLIS <= newestEventTime;
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

    /** Event windows no event can still fill are forgotten; the rest are looked at again next week. */
    private void expireWindows(long weekEnd, OnTimerContext ctx) throws Exception {
        EventWindows windows = eventWindows.value();
        if (windows == null) {
            return;
        }
        windows.expire(weekEnd);
        if (windows.isEmpty()) {
            eventWindows.clear();
        } else {
            eventWindows.update(windows);
            ctx.timerService().registerEventTimeTimer(weekEnd + UtcDays.WEEK_MILLIS + allowedLateness);
        }
    }

    /**
     * Evaluates the week that ended at {@code weekEnd}: its activity entry is read and removed, expired days
     * are pruned, and while usage is still visible the next close is scheduled.
     */
    private void closeWeek(Account current, long weekEnd, long closedAt, boolean judged, OnTimerContext ctx,
            Collector<WeekMeasure> out) throws Exception {
        long weekEndDay = UtcDays.epochDay(weekEnd);
        WeekActivity activity = weeklyActivity.get(weekEndDay - 7);
        if (activity != null) {
            weeklyActivity.remove(weekEndDay - 7);
        }
        UsageDays index = usageDays.value();
        if (index == null && activity == null) {
            return;
        }
        if (index != null) {
            for (long expired : index.removeBefore(weekEndDay - retentionDays)) {
                dailyUsage.remove(expired);
            }
        }
        WeeklyHistory history = valueOr(weeklyHistory.value(), new WeeklyHistory());
        SignalMemory memory = memory();
        if (judged) {
            WeekSummary week = summarize(current, index, valueOr(activity, new WeekActivity()), weekEndDay, closedAt);
            WeeklyDetectors.Result result = weeklyDetectors.evaluate(week, current, history, memory);
            result.measures().forEach(out::collect);
            for (Signal signal : result.signals()) {
                ctx.output(DecisionTags.SIGNALS, signal);
            }
        }
        memory.hardWallFiredAt.values().removeIf(firedAt -> firedAt + hardWalls.rearmMillis() <= weekEnd);
        updateOrClear(signalMemory, memory, memory.isEmpty());
        if (index != null && index.isEmpty()) {
            usageDays.clear();
            weeklyHistory.clear();
            return;
        }
        weeklyHistory.update(history);
        if (index != null) {
            usageDays.update(index);
            scheduleNextClose(index.newest(), weekEndDay, ctx);
        }
    }

    /** The week's numbers: usage from the indexed days it needs (the week and the counter window), read once, and its activity. */
    private WeekSummary summarize(Account current, UsageDays index, WeekActivity activity, long weekEndDay, long closedAt)
            throws Exception {
        long weekStartDay = weekEndDay - 7;
        Map<String, WeeklyUsage.Accumulator> byMetric = new HashMap<>();
        for (String metric : catalog.effectiveLimits(current).keySet()) {
            byMetric.put(metric, new WeeklyUsage.Accumulator(catalog.kindOf(metric), weekStartDay, counterWindowDays));
        }
        double dropTotal = 0;
        List<Long> days = index == null ? List.of() : index.between(weekEndDay - Math.max(counterWindowDays, 7), weekEndDay);
        for (long day : days) {
            DayUsage usage = dailyUsage.get(day);
            for (Map.Entry<String, WeeklyUsage.Accumulator> metric : byMetric.entrySet()) {
                MetricDay metricDay = usage.metrics.get(metric.getKey());
                if (metricDay != null) {
                    metric.getValue().add(day, metricDay);
                }
            }
            MetricDay drop = usage.metrics.get(dropMetric);
            if (day >= weekStartDay && drop != null) {
                dropTotal += drop.total;
            }
        }
        Map<String, OptionalDouble> usageByMetric = new HashMap<>();
        byMetric.forEach((metric, week) -> usageByMetric.put(metric, week.result()));
        return new WeekSummary(UtcDays.startOfDay(weekStartDay), closedAt, usageByMetric, activity.sessionsByUser,
                activity.eventCounts, dropTotal);
    }

    private static <T> void updateOrClear(ValueState<T> state, T value, boolean empty) throws Exception {
        if (empty) {
            state.clear();
        } else {
            state.update(value);
        }
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

    private SignalMemory memory() throws Exception {
        return valueOr(signalMemory.value(), new SignalMemory());
    }

    private static <T> T valueOr(T value, T fallback) {
        return value != null ? value : fallback;
    }

    private long weekCloseOf(long occurredAt) {
        return UtcDays.startOfDay(UtcDays.weekStartDay(UtcDays.epochDay(occurredAt)) + 7) + allowedLateness;
    }

    // Its keyed state. The names are part of the savepoint format: never rename one without a migration.

    /**
     * Latest account record, without its sensitive terms. Cleared on
     * tombstone or churn; TTL backstop.
     */
    private static ValueStateDescriptor<Account> account() {
        return AccountTtl.backstop(new ValueStateDescriptor<>("account", Types.POJO(Account.class)));
    }

    /** Once-only and re-arming signal memory. Pruned at week close; TTL backstop. */
    private static ValueStateDescriptor<SignalMemory> signalMemory() {
        return AccountTtl.backstop(new ValueStateDescriptor<>("signal-memory", Types.POJO(SignalMemory.class)));
    }

    /**
     * Ids of recently seen events. Forgotten after {@code ttl} of
     * processing time by state TTL, cleaned in RocksDB compaction: no scans, no timers per event.
     */
    private static MapStateDescriptor<String, Boolean> seenEventIds(Duration ttl) {
        MapStateDescriptor<String, Boolean> descriptor = new MapStateDescriptor<>("seen-event-ids", Types.STRING, Types.BOOLEAN);
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(ttl)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .cleanupIncrementally(10, false)
                .cleanupInRocksdbCompactFilter(1000)
                .build());
        return descriptor;
    }

    /** Events waiting for their account record. Drained or dead-lettered. */
    private static ListStateDescriptor<UsageEvent> pendingEvents() {
        return new ListStateDescriptor<>("pending-events", Types.POJO(UsageEvent.class));
    }

    /** Count and deadline of {@link #pendingEvents()}. Cleared with it. */
    private static ValueStateDescriptor<PendingBuffer> pendingBuffer() {
        return new ValueStateDescriptor<>("pending-buffer", Types.POJO(PendingBuffer.class));
    }

    /** Epoch day to that day's usage by metric. Pruned at week close. */
    private static MapStateDescriptor<Long, DayUsage> dailyUsage() {
        return new MapStateDescriptor<>("daily-usage", Types.LONG, Types.POJO(DayUsage.class));
    }

    /** Which days {@link #dailyUsage()} holds. Pruned with it; cleared when no day is left. */
    private static ValueStateDescriptor<UsageDays> usageDays() {
        return new ValueStateDescriptor<>("usage-days", Types.POJO(UsageDays.class));
    }

    /**
     * ISO week (its Monday's epoch day) to that week's active users and counted behaviours. Each
     * entry is removed at its week close.
     */
    private static MapStateDescriptor<Long, WeekActivity> weeklyActivity() {
        return new MapStateDescriptor<>("weekly-activity", Types.LONG, Types.POJO(WeekActivity.class));
    }

    /** Recent event times per window rule. Expired at week close, cleared when empty. */
    private static ValueStateDescriptor<EventWindows> eventWindows() {
        return new ValueStateDescriptor<>("event-windows", Types.POJO(EventWindows.class));
    }

    /**
     * Weekly values for the baseline detectors. Cleared with the last
     * usage day; TTL backstop for accounts that report activity but no usage.
     */
    private static ValueStateDescriptor<WeeklyHistory> weeklyHistory() {
        return AccountTtl.backstop(new ValueStateDescriptor<>("weekly-history", Types.POJO(WeeklyHistory.class)));
    }
}
