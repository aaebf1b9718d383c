package dev.upshift.common.logic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PartitionClockTest {
    private static final long HOUR = 3_600_000L;
    private static final long YEAR_2031 = 1924992000000L;

    @Test
    void aPartitionHasNoClockBeforeItsSecondEventThenTheLowerMedian() {
        PartitionClock clock = new PartitionClock();
        assertThat(clock.time()).isEqualTo(Long.MIN_VALUE);

        clock.observe(5 * HOUR);
        assertThat(clock.time()).as("one record is no majority").isEqualTo(Long.MIN_VALUE);

        clock.observe(9 * HOUR);
        assertThat(clock.time()).isEqualTo(5 * HOUR);
        clock.observe(7 * HOUR);
        assertThat(clock.time()).isEqualTo(7 * HOUR);
    }

    @Test
    void inTimeOrderTheClockTrailsTheNewestEventByFiftyEvents() {
        PartitionClock clock = new PartitionClock();
        for (long i = 1; i <= 1_000; i++) {
            clock.observe(i * HOUR);
        }
        assertThat(clock.time()).isEqualTo((1_000 - 50) * HOUR);
    }

    @Test
    void oneOutlierOrABurstOfFiftyCannotMoveItButFiftyOneCan() {
        PartitionClock clock = new PartitionClock();
        for (long i = 1; i <= 200; i++) {
            clock.observe(i * HOUR);
        }
        clock.observe(YEAR_2031);
        assertThat(clock.time()).as("a single event from 2031").isLessThan(201 * HOUR);

        for (int i = 1; i < 50; i++) {
            clock.observe(YEAR_2031);
        }
        assertThat(clock.time()).as("fifty of the last 101").isLessThan(201 * HOUR);

        clock.observe(YEAR_2031);
        assertThat(clock.time()).as("a majority of the last 101").isEqualTo(YEAR_2031);
    }

    @Test
    void theMedianOfAShuffledWindowIsTheSameAsOfTheSortedOne() {
        List<Long> times = new ArrayList<>();
        for (long i = 0; i < 101; i++) {
            times.add(i * HOUR);
        }
        Collections.shuffle(times, new Random(7));
        PartitionClock clock = new PartitionClock();
        times.forEach(clock::observe);

        assertThat(clock.time()).isEqualTo(50 * HOUR);
    }

    @Test
    void oldTimesLeaveTheWindowAsNewOnesArrive() {
        PartitionClock clock = new PartitionClock();
        for (int i = 0; i < PartitionClock.WINDOW; i++) {
            clock.observe(YEAR_2031);
        }
        for (int i = 0; i < PartitionClock.WINDOW; i++) {
            clock.observe(HOUR);
        }
        assertThat(clock.time()).isEqualTo(HOUR);
    }
}
