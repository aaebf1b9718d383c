package dev.upshift.common.logic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upshift.common.config.ConfigLoader;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Utilization that fires at once: the API quota at 90%, storage at 95%, anything at 100%. */
class HardWallsTest {
    private final HardWalls walls = new HardWalls(ConfigLoader.defaults().signals().hardWalls());

    @ParameterizedTest(name = "{0} at {1} -> {2}")
    @CsvSource(nullValues = "none", textBlock = """
            api_calls,  0.9,    0.9
            api_calls,  0.8999, none
            storage_gb, 0.95,   0.95
            storage_gb, 0.9499, none
            seats,      1.0,    1.0
            seats,      0.9999, none
            """)
    void eachMetricHasItsWall(String metric, double utilization, Double expected) {
        assertThat(walls.reached(metric, utilization)).isEqualTo(expected);
    }

    @Test
    void aWallStaysQuietForThirtyDaysAfterFiring() {
        long firedAt = 1_000_000;
        Map<String, Long> fired = new HashMap<>(Map.of("storage_gb", firedAt));
        long rearm = Duration.ofDays(30).toMillis();

        assertThat(walls.isArmed(fired, "storage_gb", firedAt + rearm - 1)).isFalse();
        assertThat(walls.isArmed(fired, "storage_gb", firedAt + rearm)).isTrue();
        assertThat(walls.isArmed(fired, "api_calls", firedAt)).isTrue();
    }
}
