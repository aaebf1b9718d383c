package dev.upshift.common.logic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upshift.common.config.MetricKind;
import dev.upshift.common.model.MetricDay;
import dev.upshift.common.model.UsageEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.util.NavigableMap;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class WeeklyUsageTest {
    private static final long MONDAY = LocalDate.of(2026, 1, 5).toEpochDay();

    @Test
    void weeksStartOnMondayUtc() {
        assertThat(UtcDays.weekStartDay(LocalDate.of(2026, 1, 11).toEpochDay())).isEqualTo(MONDAY);
        assertThat(UtcDays.weekStartDay(MONDAY)).isEqualTo(MONDAY);
        assertThat(UtcDays.weekStartDay(LocalDate.of(2026, 1, 4).toEpochDay())).isEqualTo(MONDAY - 7);
        assertThat(UtcDays.isWeekStart(Instant.parse("2026-01-12T00:00:00Z").toEpochMilli())).isTrue();
        assertThat(UtcDays.isWeekStart(Instant.parse("2026-01-12T00:00:01Z").toEpochMilli())).isFalse();
        assertThat(UtcDays.isWeekStart(Instant.parse("2026-01-13T00:00:00Z").toEpochMilli())).isFalse();
    }

    @Test
    void eightyPercentReachesTheThresholdAndSeventyNinePointNineDoesNot() {
        assertThat(WeeklyUsage.reaches(8.0 / 10, 0.8)).isTrue();
        assertThat(WeeklyUsage.reaches(7.99 / 10, 0.8)).isFalse();
        double floatSum = 0.1 + 0.1 + 0.1 + 0.1 + 0.1 + 0.1 + 0.1 + 0.1; // 0.7999999999999999
        assertThat(WeeklyUsage.reaches(floatSum, 0.8)).isTrue();
    }

    @Test
    void aGaugeWeekIsItsPeakReportedLevel() {
        NavigableMap<Long, MetricDay> days = new TreeMap<>();
        days.put(MONDAY - 1, gauge(9.5));
        days.put(MONDAY + 1, gauge(4.0, 7.0));
        days.put(MONDAY + 6, gauge(6.0));
        days.put(MONDAY + 7, gauge(10.0));

        assertThat(WeeklyUsage.of(MetricKind.GAUGE, days, MONDAY, 30)).hasValue(7.0);
    }

    @Test
    void aGaugeWeekWithoutReportsHasNoReading() {
        NavigableMap<Long, MetricDay> days = new TreeMap<>();
        days.put(MONDAY - 1, gauge(9.5));

        assertThat(WeeklyUsage.of(MetricKind.GAUGE, days, MONDAY, 30)).isEqualTo(OptionalDouble.empty());
    }

    @Test
    void aCounterWeekIsTheTrailingWindowTotalAtWeekEnd() {
        NavigableMap<Long, MetricDay> days = new TreeMap<>();
        long weekEnd = MONDAY + 7;
        days.put(weekEnd - 31, counter(1000)); // just outside the 30-day window
        days.put(weekEnd - 30, counter(200));
        days.put(MONDAY + 3, counter(300));
        days.put(weekEnd, counter(5000)); // next week

        assertThat(WeeklyUsage.of(MetricKind.COUNTER, days, MONDAY, 30)).hasValue(500.0);
    }

    private static MetricDay gauge(double... levels) {
        MetricDay day = new MetricDay();
        long at = 0;
        for (double level : levels) {
            UsageEvent event = new UsageEvent();
            event.value = level;
            event.occurredAt = at++;
            day.add(event);
        }
        return day;
    }

    private static MetricDay counter(double quantity) {
        UsageEvent event = new UsageEvent();
        event.quantity = quantity;
        MetricDay day = new MetricDay();
        day.add(event);
        return day;
    }
}
