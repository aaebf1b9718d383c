package dev.upshift.common.logic;

import dev.upshift.common.config.PlanCatalog;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.model.Account;
import dev.upshift.common.model.Evidence;
import dev.upshift.common.model.Signal;
import dev.upshift.common.model.SignalType;
import dev.upshift.common.model.WeekMeasure;
import dev.upshift.common.state.SignalMemory;
import dev.upshift.common.state.WeeklyHistory;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Everything evaluated when an account's week closes: the weekly measures that feed the consecutive-weeks
 * patterns, and the signals decided on the spot (baselines, tenure, renewal).
 */
public final class WeeklyDetectors implements Serializable {
    /** What a week close produced. */
    public record Result(List<WeekMeasure> measures, List<Signal> signals) {}

    private final PlanCatalog catalog;
    private final List<WeeklyRule> rules;
    private final UpshiftConfig.Signals settings;
    private final int historyWeeks;

    public WeeklyDetectors(UpshiftConfig config) {
        this.catalog = config.catalog();
        this.rules = WeeklyRule.from(config);
        this.settings = config.signals();
        this.historyWeeks = Math.max(settings.activeUsersDoubled().baselineWeeks(), settings.usageDrop().baselineWeeks());
    }

    public Result evaluate(WeekSummary week, Account account, WeeklyHistory history, SignalMemory memory) {
        List<WeekMeasure> measures = new ArrayList<>();
        for (WeeklyRule rule : rules) {
            switch (rule.type()) {
                case LIMIT_PRESSURE -> utilizationMeasures(rule, week, account, measures);
                case POWER_USER -> week.sessionsByUser().forEach((user, sessions) -> {
                    if (sessions >= rule.threshold()) {
                        measures.add(measure(rule, user, week, account, sessions));
                    }
                });
                default -> {
                    int count = week.eventCounts().getOrDefault(rule.eventType(), 0);
                    if (count >= rule.threshold()) {
                        measures.add(measure(rule, rule.eventType(), week, account, count));
                    }
                }
            }
        }
        List<Signal> signals = new ArrayList<>();
        activeUsersDoubled(week, account, history, signals);
        usageDrop(week, account, history, signals);
        history.record(week.weekStart(), UtcDays.WEEK_MILLIS, week.sessionsByUser().size(), week.dropMetricTotal(), historyWeeks);
        annualConversion(week, account, memory, signals);
        renewalWindow(week, account, memory, signals);
        return new Result(measures, signals);
    }

    private void utilizationMeasures(WeeklyRule rule, WeekSummary week, Account account, List<WeekMeasure> measures) {
        for (Map.Entry<String, Double> limit : catalog.effectiveLimits(account).entrySet()) {
            OptionalDouble usage = week.usageByMetric().getOrDefault(limit.getKey(), OptionalDouble.empty());
            if (usage.isPresent() && WeeklyUsage.reaches(usage.getAsDouble() / limit.getValue(), rule.threshold())) {
                WeekMeasure measure = measure(rule, limit.getKey(), week, account, usage.getAsDouble());
                measure.limit = limit.getValue();
                measure.utilization = Rounding.ratio(usage.getAsDouble() / limit.getValue());
                measure.metricKind = catalog.kindOf(limit.getKey()).code();
                measures.add(measure);
            }
        }
    }

    private static WeekMeasure measure(WeeklyRule rule, String subject, WeekSummary week, Account account, double value) {
        WeekMeasure measure = new WeekMeasure();
        measure.accountId = account.accountId;
        measure.rule = rule.id();
        measure.subject = subject;
        measure.planId = account.planId;
        measure.segment = account.segment();
        measure.weekStart = week.weekStart();
        measure.closedAt = week.closedAt();
        measure.value = value;
        return measure;
    }

    /** Growth against a baseline: this week's active users against the average of the weeks before. */
    private void activeUsersDoubled(WeekSummary week, Account account, WeeklyHistory history, List<Signal> signals) {
        UpshiftConfig.ActiveUsersDoubled rule = settings.activeUsersDoubled();
        OptionalDouble baseline = average(history.activeUsers, rule.baselineWeeks());
        double current = week.sessionsByUser().size();
        if (baseline.isPresent() && baseline.getAsDouble() >= rule.minBaselineUsers()
                && WeeklyUsage.reaches(current, rule.factor() * baseline.getAsDouble())) {
            Evidence evidence = Evidence.of(Evidence.BASELINE_GROWTH, account);
            evidence.metric = "active_users";
            evidence.baseline = baseline.getAsDouble();
            evidence.current = current;
            evidence.factor = rule.factor();
            evidence.weeklyValues = withCurrent(history.activeUsers, rule.baselineWeeks(), current);
            signals.add(Signal.of(account.accountId, SignalType.ACTIVE_USERS_DOUBLED, week.closedAt(), evidence));
        }
    }

    /** Drop against a baseline, sustained: fires once when the run of low weeks reaches its length. */
    private void usageDrop(WeekSummary week, Account account, WeeklyHistory history, List<Signal> signals) {
        UpshiftConfig.UsageDrop rule = settings.usageDrop();
        OptionalDouble baseline = average(history.dropMetricUsage, rule.baselineWeeks());
        double current = week.dropMetricTotal();
        boolean dropped = baseline.isPresent() && baseline.getAsDouble() > 0 && current <= rule.factor() * baseline.getAsDouble() + 1e-9;
        history.dropStreak = dropped ? history.dropStreak + 1 : 0;
        if (dropped && history.dropStreak == rule.consecutiveWeeks()) {
            Evidence evidence = Evidence.of(Evidence.BASELINE_DROP, account);
            evidence.metric = rule.metric();
            evidence.baseline = baseline.getAsDouble();
            evidence.current = current;
            evidence.factor = rule.factor();
            evidence.weeklyValues = withCurrent(history.dropMetricUsage, rule.baselineWeeks() + rule.consecutiveWeeks() - 1, current);
            signals.add(Signal.of(account.accountId, SignalType.USAGE_DROP, week.closedAt(), evidence));
        }
    }

    /** Tenure: billed monthly and active long enough; once per account. */
    private void annualConversion(WeekSummary week, Account account, SignalMemory memory, List<Signal> signals) {
        if (!account.isMonthly() || !"active".equals(account.status) || account.startedAt == null || memory.annualConversionFiredAt != null) {
            return;
        }
        long months = ChronoUnit.MONTHS.between(utcDate(account.startedAt), utcDate(week.closedAt()));
        if (months >= settings.annualConversion().minMonthsActive()) {
            Evidence evidence = Evidence.of(Evidence.TENURE, account);
            evidence.billingCycle = account.billingCycle;
            evidence.startedAt = account.startedAt;
            evidence.monthsActive = (int) months;
            memory.annualConversionFiredAt = week.closedAt();
            signals.add(Signal.of(account.accountId, SignalType.ANNUAL_CONVERSION, week.closedAt(), evidence));
        }
    }

    /** Renewal close and a metric busy enough to justify a tier up; once per renewal date. */
    private void renewalWindow(WeekSummary week, Account account, SignalMemory memory, List<Signal> signals) {
        UpshiftConfig.RenewalWindow rule = settings.renewalWindow();
        Long renewal = account.renewalAt;
        if (renewal == null || renewal <= week.closedAt() || renewal > week.closedAt() + rule.within().toMillis()
                || renewal.equals(memory.renewalFiredFor)) {
            return;
        }
        String busiest = null;
        double highest = -1;
        for (Map.Entry<String, Double> limit : catalog.effectiveLimits(account).entrySet()) {
            OptionalDouble usage = week.usageByMetric().getOrDefault(limit.getKey(), OptionalDouble.empty());
            if (usage.isPresent() && usage.getAsDouble() / limit.getValue() > highest) {
                highest = usage.getAsDouble() / limit.getValue();
                busiest = limit.getKey();
            }
        }
        if (busiest == null || !WeeklyUsage.reaches(highest, rule.minUtilization())) {
            return;
        }
        Evidence evidence = Evidence.of(Evidence.RENEWAL, account);
        evidence.renewalAt = renewal;
        evidence.metric = busiest;
        evidence.metricKind = catalog.kindOf(busiest).code();
        evidence.limit = catalog.effectiveLimit(account, busiest);
        evidence.usage = week.usageByMetric().get(busiest).getAsDouble();
        evidence.utilization = Rounding.ratio(highest);
        evidence.threshold = rule.minUtilization();
        memory.renewalFiredFor = renewal;
        signals.add(Signal.of(account.accountId, SignalType.RENEWAL_WINDOW, week.closedAt(), evidence));
    }

    /** The average of the newest {@code weeks} values; empty until that many weeks are known. */
    private static OptionalDouble average(List<Double> values, int weeks) {
        if (values.size() < weeks) {
            return OptionalDouble.empty();
        }
        return values.subList(values.size() - weeks, values.size()).stream().mapToDouble(Double::doubleValue).average();
    }

    private static List<Double> withCurrent(List<Double> values, int weeks, double current) {
        List<Double> quoted = new ArrayList<>(values.subList(Math.max(0, values.size() - weeks), values.size()));
        quoted.add(current);
        return quoted;
    }

    private static LocalDate utcDate(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC).toLocalDate();
    }
}
