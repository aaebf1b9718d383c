package dev.upshift.common.logic;

import java.time.Duration;
import java.time.LocalDate;

/** Day and ISO-week arithmetic on epoch milliseconds, in UTC, without allocating. */
public final class UtcDays {
    public static final long DAY_MILLIS = Duration.ofDays(1).toMillis();
    public static final long WEEK_MILLIS = 7 * DAY_MILLIS;

    private UtcDays() {}

    public static long epochDay(long epochMillis) {
        return Math.floorDiv(epochMillis, DAY_MILLIS);
    }

    public static long startOfDay(long epochDay) {
        return epochDay * DAY_MILLIS;
    }

    /** The Monday that starts the ISO week holding {@code epochDay} (1970-01-01 was a Thursday). */
    public static long weekStartDay(long epochDay) {
        return epochDay - Math.floorMod(epochDay + 3, 7);
    }

    /** Whether the week starting at {@code weekStart} is the one right after {@code previousWeekStart}: weeks "in a row". */
    public static boolean isNextWeek(long previousWeekStart, long weekStart) {
        return weekStart == previousWeekStart + WEEK_MILLIS;
    }

    public static boolean sameMonth(long epochDayA, long epochDayB) {
        LocalDate a = LocalDate.ofEpochDay(epochDayA);
        LocalDate b = LocalDate.ofEpochDay(epochDayB);
        return a.getYear() == b.getYear() && a.getMonth() == b.getMonth();
    }

    /** The epoch day of the first of the month after the one holding {@code epochDay}. */
    public static long firstDayOfNextMonth(long epochDay) {
        return LocalDate.ofEpochDay(epochDay).withDayOfMonth(1).plusMonths(1).toEpochDay();
    }

    public static boolean isWeekStart(long epochMillis) {
        return Math.floorMod(epochMillis, DAY_MILLIS) == 0 && weekStartDay(epochDay(epochMillis)) == epochDay(epochMillis);
    }

    /** Whole days in a duration, rounding down. */
    /** ISO-8601, in whole days when it is whole days (P14D rather than PT336H). */
    public static String format(Duration duration) {
        boolean wholeDays = duration.toDays() > 0 && duration.toHoursPart() == 0 && duration.toMinutesPart() == 0
                && duration.toSecondsPart() == 0 && duration.toNanosPart() == 0;
        return wholeDays ? "P" + duration.toDays() + "D" : duration.toString();
    }

    public static int days(Duration duration) {
        return Math.toIntExact(duration.toDays());
    }
}
