package dev.upshift.common.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upshift.common.config.Delivery;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The send window in the contact's own timezone, across timezones and DST changes. */
class SendWindowTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final SendWindow TUESDAY_TO_THURSDAY = window(List.of(DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY), "09:00", "17:00");

    @Test
    void insideTheWindowTheMailLeavesAtOnce() {
        Instant wednesdayNoonInBerlin = Instant.parse("2026-01-07T11:00:00Z");
        assertThat(TUESDAY_TO_THURSDAY.nextOpening(wednesdayNoonInBerlin, BERLIN)).isEqualTo(wednesdayNoonInBerlin);
    }

    @Test
    void theSameInstantIsInsideForOneContactAndOutsideForAnother() {
        Instant tuesday0830Utc = Instant.parse("2026-01-06T08:30:00Z");
        assertThat(TUESDAY_TO_THURSDAY.nextOpening(tuesday0830Utc, BERLIN)).isEqualTo(tuesday0830Utc);
        assertThat(TUESDAY_TO_THURSDAY.nextOpening(tuesday0830Utc, NEW_YORK)).isEqualTo(Instant.parse("2026-01-06T14:00:00Z"));
    }

    @Test
    void afterTheWindowClosesItWaitsForTheNextWindowDay() {
        Instant thursday1700InBerlin = Instant.parse("2026-01-08T16:00:00Z");
        assertThat(TUESDAY_TO_THURSDAY.nextOpening(thursday1700InBerlin, BERLIN)).isEqualTo(Instant.parse("2026-01-13T08:00:00Z"));
        Instant mondayEvening = Instant.parse("2026-01-05T19:00:00Z");
        assertThat(TUESDAY_TO_THURSDAY.nextOpening(mondayEvening, BERLIN)).isEqualTo(Instant.parse("2026-01-06T08:00:00Z"));
    }

    @Test
    void anOpeningAfterADstChangeUsesTheNewOffset() {
        // New York moves to EDT (UTC-4) on Sunday 2026-03-08: Friday's mail opens Tuesday 09:00 EDT, 13:00 UTC.
        Instant fridayBeforeTheChange = Instant.parse("2026-03-06T20:00:00Z");
        assertThat(TUESDAY_TO_THURSDAY.nextOpening(fridayBeforeTheChange, NEW_YORK)).isEqualTo(Instant.parse("2026-03-10T13:00:00Z"));
        // Berlin moves to CEST (UTC+2) on Sunday 2026-03-29: the next Tuesday opens at 07:00 UTC, not 08:00.
        assertThat(TUESDAY_TO_THURSDAY.nextOpening(Instant.parse("2026-03-27T12:00:00Z"), BERLIN))
                .isEqualTo(Instant.parse("2026-03-31T07:00:00Z"));
    }

    @Test
    void anOpeningInsideTheSpringGapOpensWhenTheClockResumes() {
        SendWindow sundayNight = window(List.of(DayOfWeek.SUNDAY), "02:30", "04:00");
        // 02:30 does not exist in Berlin on 2026-03-29; the clock jumps from 02:00 to 03:00 CEST.
        assertThat(sundayNight.nextOpening(Instant.parse("2026-03-28T12:00:00Z"), BERLIN)).isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
    }

    private static SendWindow window(List<DayOfWeek> days, String start, String end) {
        return new SendWindow(new Delivery.SendWindow(days, LocalTime.parse(start), LocalTime.parse(end), "UTC"));
    }
}
