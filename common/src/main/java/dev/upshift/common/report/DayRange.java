package dev.upshift.common.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The days of history a what-if reads, as given on the command line ({@code --from} / {@code --to}): UTC days, the
 * first included and the last excluded, either end open when not given.
 */
public record DayRange(LocalDate from, LocalDate to) {
    /** @throws IllegalArgumentException when {@code from} is not before {@code to} */
    public DayRange {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("--from " + from + " must be before --to " + to);
        }
    }

    /** The first instant in range, or null for "from the beginning". */
    public Instant start() {
        return from == null ? null : from.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The first instant past the range, or null for "up to now". */
    public Instant end() {
        return to == null ? null : to.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    public boolean isOpen() {
        return from == null && to == null;
    }

    /** "from 2026-06-01 to 2026-09-01 (exclusive)", for a report's sentence about its source. */
    public String inWords() {
        return "from " + (from == null ? "the beginning" : from) + " to " + (to == null ? "now" : to + " (exclusive)");
    }
}
