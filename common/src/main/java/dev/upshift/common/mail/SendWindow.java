package dev.upshift.common.mail;

import dev.upshift.common.config.Delivery;
import java.io.Serializable;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Set;

/**
 * When mail may leave: on the window's days, from its start to its end, in the contact's own timezone. Local
 * times are resolved by {@link ZonedDateTime}, so a window opening inside a DST gap opens when the clock resumes.
 */
public final class SendWindow implements Serializable {
    private final Set<DayOfWeek> days;
    private final LocalTime start;
    private final LocalTime end;

    public SendWindow(Delivery.SendWindow settings) {
        this.days = EnumSet.copyOf(settings.days());
        this.start = settings.start();
        this.end = settings.end();
    }

    /** {@code now} when the window is open in {@code zone}, else the instant it next opens. */
    public Instant nextOpening(Instant now, ZoneId zone) {
        ZonedDateTime local = now.atZone(zone);
        if (isOpen(local)) {
            return now;
        }
        LocalDate date = local.toLocalDate();
        if (!local.toLocalTime().isBefore(start)) {
            date = date.plusDays(1);
        }
        while (!days.contains(date.getDayOfWeek())) {
            date = date.plusDays(1);
        }
        return ZonedDateTime.of(date, start, zone).toInstant();
    }

    private boolean isOpen(ZonedDateTime local) {
        LocalTime time = local.toLocalTime();
        return days.contains(local.getDayOfWeek()) && !time.isBefore(start) && time.isBefore(end);
    }
}
