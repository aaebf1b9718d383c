package dev.upshift.common.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upshift.common.logic.UtcDays;
import dev.upshift.common.model.WeekMeasure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeekRunTest {
    /** Monday 5 January 2026, the start of ISO week 2. */
    private static final long FIRST_WEEK = Instant.parse("2026-01-05T00:00:00Z").toEpochMilli();

    private final WeekRun run = new WeekRun();

    @Test
    void theWeekThatCompletesARunReleasesAllOfItsWeeksInOrder() {
        assertThat(run.add(week(0), 3)).isEmpty();
        assertThat(run.add(week(1), 3)).isEmpty();

        assertThat(run.add(week(2), 3)).extracting(WeekRunTest::weekNumber).containsExactly(0, 1, 2);
        assertThat(run.isEmpty()).isTrue();
    }

    @Test
    void aMissingWeekStartsTheRunAgainFromTheNextQualifyingWeek() {
        run.add(week(0), 3);
        run.add(week(1), 3);

        assertThat(run.add(week(3), 3)).isEmpty();
        assertThat(run.add(week(4), 3)).isEmpty();
        assertThat(run.add(week(5), 3)).extracting(WeekRunTest::weekNumber).containsExactly(3, 4, 5);
    }

    @Test
    void afterACompleteRunTheNextWeekStartsAfreshAsThePatternSkipsPastItsMatch() {
        List<Integer> released = new ArrayList<>();
        for (int week = 0; week < 7; week++) {
            run.add(week(week), 3).forEach(measure -> released.add(weekNumber(measure)));
        }

        assertThat(released).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(run.weeks).extracting(WeekRunTest::weekNumber).containsExactly(6);
    }

    @Test
    void aHeldRunIsBrokenUnlessItsNextWeekArrivesByThatWeeksClose() {
        run.add(week(0), 3);

        assertThat(run.nextWeekClosedAt()).isEqualTo(week(1).closedAt);
    }

    private static WeekMeasure week(int number) {
        WeekMeasure week = new WeekMeasure();
        week.accountId = "a1";
        week.rule = "limit_pressure";
        week.subject = "storage_gb";
        week.weekStart = FIRST_WEEK + number * UtcDays.WEEK_MILLIS;
        week.closedAt = week.weekStart + UtcDays.WEEK_MILLIS + UtcDays.DAY_MILLIS;
        return week;
    }

    private static int weekNumber(WeekMeasure week) {
        return (int) ((week.weekStart - FIRST_WEEK) / UtcDays.WEEK_MILLIS);
    }
}
