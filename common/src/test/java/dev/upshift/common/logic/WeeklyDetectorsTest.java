package dev.upshift.common.logic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upshift.common.config.ConfigLoader;
import dev.upshift.common.model.Account;
import dev.upshift.common.model.WeekMeasure;
import dev.upshift.common.state.SignalMemory;
import dev.upshift.common.state.WeeklyHistory;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The week-close detectors, each positive, negative, and either side of its threshold. */
class WeeklyDetectorsTest {
    private static final long WEEK_START = Instant.parse("2026-03-02T00:00:00Z").toEpochMilli();
    private static final long CLOSED_AT = WEEK_START + Duration.ofDays(7).plusHours(1).toMillis();
    private static final long DAY = Duration.ofDays(1).toMillis();

    private final WeeklyDetectors detectors = new WeeklyDetectors(ConfigLoader.defaults());
    private final WeeklyHistory history = new WeeklyHistory();
    private final SignalMemory memory = new SignalMemory();
    private final Account account = account();

    @Test
    void aMetricAtEightyPercentIsAPressuredWeekAndJustUnderIsNot() {
        assertThat(measures(week(Map.of("storage_gb", 8.0), Map.of(), Map.of(), 0), "limit_pressure"))
                .singleElement().satisfies(week -> {
                    assertThat(week.subject).isEqualTo("storage_gb");
                    assertThat(week.utilization).isEqualTo(0.8);
                    assertThat(week.limit).isEqualTo(10.0);
                });
        assertThat(measures(week(Map.of("storage_gb", 7.99), Map.of(), Map.of(), 0), "limit_pressure")).isEmpty();
    }

    @Test
    void aUserWithFiveSessionsIsAPowerWeekAndFourIsNot() {
        assertThat(measures(week(Map.of(), Map.of("ann", 5, "bob", 4), Map.of(), 0), "power_user"))
                .extracting(week -> week.subject).containsExactly("ann");
    }

    @Test
    void fourExportsInAWeekIsAnAdjacentWeekAndThreeIsNot() {
        assertThat(measures(week(Map.of(), Map.of(), Map.of("export", 4), 0), "cross_sell-analytics-export")).hasSize(1);
        assertThat(measures(week(Map.of(), Map.of(), Map.of("export", 3), 0), "cross_sell-analytics-export")).isEmpty();
    }

    @Test
    void activeUsersAtTwiceThePriorFourWeekAverageFireAndJustUnderDoesNot() {
        history.activeUsers.addAll(List.of(4.0, 4.0, 4.0, 4.0));
        history.dropMetricUsage.addAll(List.of(0.0, 0.0, 0.0, 0.0));
        assertThat(signals(week(Map.of(), users(8), Map.of(), 0))).containsExactly("active_users_doubled");

        history.activeUsers.clear();
        history.activeUsers.addAll(List.of(4.0, 4.0, 4.0, 4.5));
        assertThat(signals(week(Map.of(), users(8), Map.of(), 0))).isEmpty(); // baseline 4.125, needs 8.25
    }

    @Test
    void aTinyBaselineDoesNotCountAsDoubling() {
        history.activeUsers.addAll(List.of(1.0, 1.0, 1.0, 1.0));
        history.dropMetricUsage.addAll(List.of(0.0, 0.0, 0.0, 0.0));

        assertThat(signals(week(Map.of(), users(4), Map.of(), 0))).isEmpty();
    }

    @Test
    void usageAtHalfTheBaselineForTwoWeeksInARowFiresOnce() {
        history.activeUsers.addAll(List.of(0.0, 0.0, 0.0, 0.0));
        history.dropMetricUsage.addAll(List.of(100.0, 100.0, 100.0, 100.0));

        assertThat(signals(week(Map.of(), Map.of(), Map.of(), 50))).isEmpty(); // first low week
        assertThat(signals(weekAfter(1, 43.75))).containsExactly("usage_drop"); // baseline (100 x 3 + 50) / 4 = 87.5
        assertThat(signals(weekAfter(2, 10))).isEmpty(); // the same run
    }

    @Test
    void usageJustOverHalfTheBaselineIsNoDrop() {
        history.activeUsers.addAll(List.of(0.0, 0.0, 0.0, 0.0));
        history.dropMetricUsage.addAll(List.of(100.0, 100.0, 100.0, 100.0));

        assertThat(signals(week(Map.of(), Map.of(), Map.of(), 50.01))).isEmpty();
        assertThat(history.dropStreak).isZero();
    }

    @Test
    void annualConversionFiresAtSixMonthsOnMonthlyBillingOnce() {
        account.startedAt = Instant.ofEpochMilli(CLOSED_AT).atZone(ZoneOffset.UTC).minusMonths(6).toInstant().toEpochMilli();

        assertThat(signals(week(Map.of(), Map.of(), Map.of(), 0))).containsExactly("annual_conversion");
        assertThat(signals(weekAfter(1, 0))).isEmpty();
    }

    @Test
    void annualConversionWaitsForTheSixthMonthAndSkipsAnnualBilling() {
        account.startedAt = Instant.ofEpochMilli(CLOSED_AT).atZone(ZoneOffset.UTC).minusMonths(6).plusDays(1).toInstant().toEpochMilli();
        assertThat(signals(week(Map.of(), Map.of(), Map.of(), 0))).isEmpty();

        account.startedAt = CLOSED_AT - 400 * DAY;
        account.billingCycle = "annual";
        assertThat(signals(week(Map.of(), Map.of(), Map.of(), 0))).isEmpty();
    }

    @Test
    void renewalWithinThirtyDaysAndSixtyPercentUtilizationFiresOncePerRenewal() {
        account.renewalAt = CLOSED_AT + 30 * DAY;

        assertThat(signals(week(Map.of("storage_gb", 6.0), Map.of(), Map.of(), 0))).containsExactly("renewal_window");
        assertThat(signals(weekAfter(1, 0))).isEmpty();
    }

    @Test
    void renewalJustOutsideTheWindowOrJustUnderTheUtilizationDoesNotFire() {
        account.renewalAt = CLOSED_AT + 30 * DAY + 1;
        assertThat(signals(week(Map.of("storage_gb", 6.0), Map.of(), Map.of(), 0))).isEmpty();

        account.renewalAt = CLOSED_AT + 30 * DAY;
        assertThat(signals(week(Map.of("storage_gb", 5.99), Map.of(), Map.of(), 0))).isEmpty();
    }

    private List<WeekMeasure> measures(WeekSummary week, String rule) {
        return detectors.evaluate(week, account, history, memory).measures().stream().filter(m -> m.rule.equals(rule)).toList();
    }

    private List<String> signals(WeekSummary week) {
        return detectors.evaluate(week, account, history, memory).signals().stream().map(signal -> signal.signal).toList();
    }

    private static WeekSummary week(Map<String, Double> usage, Map<String, Integer> sessions, Map<String, Integer> counts, double dropTotal) {
        return weekStarting(WEEK_START, usage, sessions, counts, dropTotal);
    }

    private static WeekSummary weekAfter(int weeks, double dropTotal) {
        return weekStarting(WEEK_START + weeks * 7 * DAY, Map.of(), Map.of(), Map.of(), dropTotal);
    }

    private static WeekSummary weekStarting(long start, Map<String, Double> usage, Map<String, Integer> sessions,
            Map<String, Integer> counts, double dropTotal) {
        Map<String, OptionalDouble> byMetric = new HashMap<>();
        usage.forEach((metric, value) -> byMetric.put(metric, OptionalDouble.of(value)));
        return new WeekSummary(start, start + CLOSED_AT - WEEK_START, byMetric, sessions, counts, dropTotal);
    }

    private static Map<String, Integer> users(int count) {
        Map<String, Integer> users = new HashMap<>();
        for (int i = 0; i < count; i++) {
            users.put("u" + i, 1);
        }
        return users;
    }

    private static Account account() {
        Account account = new Account();
        account.accountId = "acct-1";
        account.planId = "starter";
        account.status = "active";
        account.billingCycle = "monthly";
        account.startedAt = CLOSED_AT - 30 * DAY;
        return account;
    }
}
