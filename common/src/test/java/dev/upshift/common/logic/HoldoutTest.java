package dev.upshift.common.logic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upshift.common.config.UpshiftConfig;
import org.junit.jupiter.api.Test;

class HoldoutTest {
    private final Holdout holdout = new Holdout(new UpshiftConfig.Holdout(0.1, "upshift-holdout-1"));

    @Test
    void theSameAccountAlwaysLandsInTheSameGroup() {
        Holdout again = new Holdout(new UpshiftConfig.Holdout(0.1, "upshift-holdout-1"));
        for (int i = 0; i < 1000; i++) {
            String id = "acct-" + i;
            assertThat(again.isHeldOut(id)).isEqualTo(holdout.isHeldOut(id));
        }
    }

    @Test
    void tenPercentOfOneHundredThousandIdsAreHeldOutWithinTolerance() {
        int heldOut = 0;
        for (int i = 0; i < 100_000; i++) {
            if (holdout.isHeldOut("acct-" + i)) {
                heldOut++;
            }
        }
        // Binomial(100000, 0.1): standard deviation ~95; 5 sigma either side.
        assertThat(heldOut).isBetween(9_525, 10_475);
    }

    @Test
    void anotherSaltReshufflesTheGroups() {
        Holdout reshuffled = new Holdout(new UpshiftConfig.Holdout(0.1, "another-salt"));
        int moved = 0;
        for (int i = 0; i < 10_000; i++) {
            if (reshuffled.isHeldOut("acct-" + i) != holdout.isHeldOut("acct-" + i)) {
                moved++;
            }
        }
        assertThat(moved).isGreaterThan(1_000); // independent draws differ for ~18% of ids
    }

    @Test
    void noneAndAllAreExact() {
        assertThat(new Holdout(new UpshiftConfig.Holdout(0.0, "s")).isHeldOut("acct-1")).isFalse();
        assertThat(new Holdout(new UpshiftConfig.Holdout(1.0, "s")).isHeldOut("acct-1")).isTrue();
    }
}
