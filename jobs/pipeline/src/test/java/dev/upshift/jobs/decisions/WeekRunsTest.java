package dev.upshift.jobs.decisions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.upshift.common.logic.UtcDays;
import dev.upshift.common.model.WeekMeasure;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WeekRunsTest {
    /** Monday 5 January 2026. */
    private static final long FIRST_WEEK = Instant.parse("2026-01-05T00:00:00Z").toEpochMilli();

    private KeyedOneInputStreamOperatorTestHarness<String, WeekMeasure, WeekMeasure> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new WeekRuns(3), WeekMeasure::patternKey, Types.STRING);
    }

    @Test
    void aCompleteRunGoesToThePatternAtItsLastWeeksTimeAndLeavesNoStateOrTimers() throws Exception {
        send(week("a1", 0));
        send(week("a1", 1));
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);

        send(week("a1", 2));

        assertThat(harness.extractOutputStreamRecords())
                .extracting(record -> ((WeekMeasure) ((StreamRecord<?>) record).getValue()).weekStart, record -> ((StreamRecord<?>) record).getTimestamp())
                .containsExactly(tuple(weekStart(0), closedAt(2)), tuple(weekStart(1), closedAt(2)), tuple(weekStart(2), closedAt(2)));
        assertThat(harness.numKeyedStateEntries()).isZero();
        harness.processWatermark(closedAt(3));
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aRunThatBreaksIsForgottenWhenTheWeekThatWouldContinueItCloses() throws Exception {
        send(week("a1", 0));
        send(week("a1", 1));
        send(week("a2", 1));

        harness.processWatermark(closedAt(2) - 1);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
        harness.processWatermark(closedAt(2));

        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.extractOutputValues()).isEmpty();
    }

    @Test
    void aWeekAfterAGapStartsANewRun() throws Exception {
        send(week("a1", 0));
        send(week("a1", 1));
        send(week("a1", 3));
        send(week("a1", 4));
        assertThat(harness.extractOutputValues()).isEmpty();

        send(week("a1", 5));

        assertThat(harness.extractOutputValues()).extracting(week -> week.weekStart).containsExactly(weekStart(3), weekStart(4), weekStart(5));
    }

    private void send(WeekMeasure week) throws Exception {
        harness.processElement(week, week.closedAt);
    }

    private static WeekMeasure week(String accountId, int number) {
        WeekMeasure week = new WeekMeasure();
        week.accountId = accountId;
        week.rule = "limit_pressure";
        week.subject = "storage_gb";
        week.weekStart = weekStart(number);
        week.closedAt = closedAt(number);
        return week;
    }

    private static long weekStart(int number) {
        return FIRST_WEEK + number * UtcDays.WEEK_MILLIS;
    }

    /** The week's end plus the default day of lateness. */
    private static long closedAt(int number) {
        return weekStart(number) + UtcDays.WEEK_MILLIS + UtcDays.DAY_MILLIS;
    }
}
