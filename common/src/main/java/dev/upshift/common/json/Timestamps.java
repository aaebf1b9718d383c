package dev.upshift.common.json;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.OptionalLong;

/**
 * The one conversion every timestamp the job reads goes through, from any input or from a model's answer: an
 * ISO-8601 instant, or a calendar date taken at the start of its UTC day, between the years 0000 and 9999 (the
 * four-digit years of RFC 3339). Java parses instants far beyond that ({@code +300000000-01-01T00:00:00Z}), which
 * overflow epoch milliseconds or any sum the job makes with them; those are refused here, never thrown.
 */
public final class Timestamps {
    public static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    private Timestamps() {}

    /** Epoch milliseconds of an ISO-8601 instant (an offset such as {@code +02:00} is allowed), or empty. */
    public static OptionalLong parse(String text) {
        if (text == null) {
            return OptionalLong.empty();
        }
        try {
            return ofInstant(Instant.parse(text));
        } catch (DateTimeException e) {
            return OptionalLong.empty();
        }
    }

    /** Epoch milliseconds of the start of a UTC day, or empty when the day is outside the representable years. */
    public static OptionalLong startOfDay(LocalDate date) {
        return date == null ? OptionalLong.empty() : ofInstant(date.atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    private static OptionalLong ofInstant(Instant instant) {
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(instant.toEpochMilli());
    }

    /** The contract's wording of the accepted range, for error messages and docs. */
    public static String expectation() {
        return "an ISO-8601 instant between " + EARLIEST + " and " + LATEST;
    }
}
