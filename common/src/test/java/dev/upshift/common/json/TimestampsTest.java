package dev.upshift.common.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TimestampsTest {
    @Test
    void readsInstantsWithAndWithoutAnOffsetToTheMillisecond() {
        assertThat(Timestamps.parse("2026-01-05T10:15:30.123Z")).hasValue(1767608130123L);
        assertThat(Timestamps.parse("2026-01-05T12:15:30.123+02:00")).hasValue(1767608130123L);
        assertThat(Timestamps.parse("0000-01-01T00:00:00Z")).hasValue(Instant.parse("0000-01-01T00:00:00Z").toEpochMilli());
        assertThat(Timestamps.parse("9999-12-31T23:59:59.999Z")).hasValue(Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli());
    }

    /** Each of these parses as a Java Instant, and the first two overflow epoch milliseconds: none may throw. */
    @ParameterizedTest
    @ValueSource(strings = {"+300000000-01-01T00:00:00Z", "-300000000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z",
            "-0001-12-31T23:59:59.999Z", "10000-01-01T00:00:00Z", "2026-13-45T99:00:00Z", "2026-01-05", "", "now"})
    void refusesWhatTheJobCannotRepresentInsteadOfThrowing(String text) {
        assertThat(Timestamps.parse(text)).isEmpty();
    }

    @Test
    void aDayStartsAtUtcMidnightAndOnlyFourDigitYearsAreDays() {
        assertThat(Timestamps.startOfDay(LocalDate.of(2026, 7, 1))).hasValue(Instant.parse("2026-07-01T00:00:00Z").toEpochMilli());
        assertThat(Timestamps.startOfDay(LocalDate.MAX)).isEmpty();
        assertThat(Timestamps.startOfDay(LocalDate.of(10_000, 1, 1))).isEmpty();
        assertThat(Timestamps.startOfDay(null)).isEqualTo(OptionalLong.empty());
    }
}
