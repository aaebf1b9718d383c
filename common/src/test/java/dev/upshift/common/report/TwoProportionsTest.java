package dev.upshift.common.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TwoProportionsTest {
    /** Newcombe (1998), Table II, example (a): 56/70 vs 48/80, method 10 gives 0.0524 to 0.3339. */
    @Test
    void reproducesNewcombesPublishedExample() {
        TwoProportions lift = new TwoProportions(56, 70, 48, 80);
        assertThat(lift.difference()).isCloseTo(0.2, within(1e-12));
        assertThat(lift.interval().lower()).isCloseTo(0.0524, within(0.00005));
        assertThat(lift.interval().upper()).isCloseTo(0.3339, within(0.00005));
    }

    /** Newcombe (1998), Table II, example (e): 9/10 vs 3/10, method 10 gives 0.1705 to 0.8090. */
    @Test
    void reproducesASmallSampleExample() {
        TwoProportions.Interval interval = new TwoProportions(9, 10, 3, 10).interval();
        assertThat(interval.lower()).isCloseTo(0.1705, within(0.00005));
        assertThat(interval.upper()).isCloseTo(0.8090, within(0.00005));
    }

    /** Wilson's interval for 0 of 10: 0 to 0.2775 (Newcombe 1998's companion paper on single proportions). */
    @Test
    void wilsonIntervalOfNoSuccesses() {
        TwoProportions.Interval interval = TwoProportions.wilson(0, 10);
        assertThat(interval.lower()).isCloseTo(0, within(1e-12));
        assertThat(interval.upper()).isCloseTo(0.2775, within(0.00005));
    }

    @Test
    void anEmptyGroupHasNoDifference() {
        assertThat(new TwoProportions(0, 0, 1, 5).isDefined()).isFalse();
        assertThat(new TwoProportions(1, 5, 0, 0).isDefined()).isFalse();
        assertThat(new TwoProportions(1, 5, 0, 3).isDefined()).isTrue();
    }

    @Test
    void refusesMoreConversionsThanMembers() {
        assertThatThrownBy(() -> new TwoProportions(6, 5, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
