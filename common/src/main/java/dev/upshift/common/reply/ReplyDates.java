package dev.upshift.common.reply;

import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates people write in replies, resolved against the day the reply arrived: "ask me in Q3", "after September",
 * "next quarter", "in 3 months", and, for out-of-office notes, "back on 12 January" or "bis zum 12.01.2026" in a
 * few languages. A date without a year is the next one to come.
 */
final class ReplyDates {
    private static final Map<String, Month> MONTHS = Map.ofEntries(
            Map.entry("jan", Month.JANUARY), Map.entry("januar", Month.JANUARY), Map.entry("janvier", Month.JANUARY), Map.entry("enero", Month.JANUARY),
            Map.entry("feb", Month.FEBRUARY), Map.entry("februar", Month.FEBRUARY), Map.entry("février", Month.FEBRUARY), Map.entry("febrero", Month.FEBRUARY),
            Map.entry("mar", Month.MARCH), Map.entry("märz", Month.MARCH), Map.entry("mars", Month.MARCH), Map.entry("marzo", Month.MARCH),
            Map.entry("apr", Month.APRIL), Map.entry("avril", Month.APRIL), Map.entry("abril", Month.APRIL),
            Map.entry("may", Month.MAY), Map.entry("mai", Month.MAY), Map.entry("mayo", Month.MAY),
            Map.entry("jun", Month.JUNE), Map.entry("juni", Month.JUNE), Map.entry("juin", Month.JUNE), Map.entry("junio", Month.JUNE),
            Map.entry("jul", Month.JULY), Map.entry("juli", Month.JULY), Map.entry("juillet", Month.JULY), Map.entry("julio", Month.JULY),
            Map.entry("aug", Month.AUGUST), Map.entry("august", Month.AUGUST), Map.entry("août", Month.AUGUST), Map.entry("agosto", Month.AUGUST),
            Map.entry("sep", Month.SEPTEMBER), Map.entry("sept", Month.SEPTEMBER), Map.entry("septembre", Month.SEPTEMBER), Map.entry("septiembre", Month.SEPTEMBER),
            Map.entry("oct", Month.OCTOBER), Map.entry("okt", Month.OCTOBER), Map.entry("oktober", Month.OCTOBER), Map.entry("octobre", Month.OCTOBER), Map.entry("octubre", Month.OCTOBER),
            Map.entry("nov", Month.NOVEMBER), Map.entry("novembre", Month.NOVEMBER), Map.entry("noviembre", Month.NOVEMBER),
            Map.entry("january", Month.JANUARY), Map.entry("february", Month.FEBRUARY), Map.entry("march", Month.MARCH),
            Map.entry("april", Month.APRIL), Map.entry("june", Month.JUNE), Map.entry("july", Month.JULY),
            Map.entry("september", Month.SEPTEMBER), Map.entry("october", Month.OCTOBER), Map.entry("november", Month.NOVEMBER),
            Map.entry("december", Month.DECEMBER), Map.entry("dec", Month.DECEMBER), Map.entry("dez", Month.DECEMBER), Map.entry("dezember", Month.DECEMBER), Map.entry("décembre", Month.DECEMBER), Map.entry("diciembre", Month.DECEMBER));
    private static final String MONTH = "([a-zäéû]{3,10})\\.?";
    private static final Pattern ISO = Pattern.compile("\\b(\\d{4})-(\\d{2})-(\\d{2})\\b");
    private static final Pattern DOTTED = Pattern.compile("\\b(\\d{1,2})[./](\\d{1,2})[./]?(\\d{4}|\\d{2})?\\b");
    private static final Pattern DAY_MONTH = Pattern.compile("\\b(\\d{1,2})(?:st|nd|rd|th|er)?\\.?\\s+(?:de\\s+)?" + MONTH + "(?:\\s+(?:de\\s+)?(\\d{4}))?");
    private static final Pattern MONTH_DAY = Pattern.compile("\\b" + MONTH + "\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s+(\\d{4}))?");
    private static final Pattern QUARTER = Pattern.compile("\\bq([1-4])\\b");
    private static final Pattern IN_MONTH = Pattern.compile("\\b(?:in|after|until|from|around|by|before)\\s+" + MONTH + "\\b");
    private static final Pattern IN_N = Pattern.compile("\\bin\\s+(\\d{1,2}|a|one|two|three|four|six)\\s+(week|month)s?\\b");

    private ReplyDates() {}

    /** When a "not now" reply asks to be contacted again, if it says. */
    static Optional<LocalDate> notBefore(String lowerText, LocalDate today) {
        Optional<LocalDate> exact = exactDate(lowerText, today);
        if (exact.isPresent()) {
            return exact;
        }
        Matcher quarter = QUARTER.matcher(lowerText);
        if (quarter.find()) {
            return Optional.of(nextOnOrAfter(today, LocalDate.of(today.getYear(), 3 * Integer.parseInt(quarter.group(1)) - 2, 1), 12));
        }
        Matcher inMonth = IN_MONTH.matcher(lowerText);
        while (inMonth.find()) {
            Month month = MONTHS.get(inMonth.group(1));
            if (month != null) {
                return Optional.of(nextOnOrAfter(today, LocalDate.of(today.getYear(), month, 1), 12));
            }
        }
        Matcher inN = IN_N.matcher(lowerText);
        if (inN.find()) {
            long n = count(inN.group(1));
            return Optional.of(today.plus(n, inN.group(2).equals("week") ? ChronoUnit.WEEKS : ChronoUnit.MONTHS));
        }
        if (lowerText.contains("next quarter")) {
            return Optional.of(today.with(IsoFields.DAY_OF_QUARTER, 1).plusMonths(3));
        }
        if (lowerText.contains("next month")) {
            return Optional.of(today.withDayOfMonth(1).plusMonths(1));
        }
        if (lowerText.contains("next year")) {
            return Optional.of(LocalDate.of(today.getYear() + 1, 1, 1));
        }
        return Optional.empty();
    }

    /** The first calendar date written in the text: ISO, day.month[.year], "12 January", "January 12". */
    static Optional<LocalDate> exactDate(String lowerText, LocalDate today) {
        Matcher iso = ISO.matcher(lowerText);
        if (iso.find()) {
            return safeDate(Integer.parseInt(iso.group(1)), Integer.parseInt(iso.group(2)), Integer.parseInt(iso.group(3)));
        }
        Matcher dayMonth = DAY_MONTH.matcher(lowerText);
        while (dayMonth.find()) {
            Month month = MONTHS.get(dayMonth.group(2));
            if (month != null) {
                return withYear(Integer.parseInt(dayMonth.group(1)), month.getValue(), dayMonth.group(3), today);
            }
        }
        Matcher monthDay = MONTH_DAY.matcher(lowerText);
        while (monthDay.find()) {
            Month month = MONTHS.get(monthDay.group(1));
            if (month != null) {
                return withYear(Integer.parseInt(monthDay.group(2)), month.getValue(), monthDay.group(3), today);
            }
        }
        Matcher dotted = DOTTED.matcher(lowerText);
        if (dotted.find()) {
            return withYear(Integer.parseInt(dotted.group(1)), Integer.parseInt(dotted.group(2)), dotted.group(3), today);
        }
        return Optional.empty();
    }

    private static Optional<LocalDate> withYear(int day, int month, String year, LocalDate today) {
        if (year == null) {
            return safeDate(today.getYear(), month, day).map(date -> nextOnOrAfter(today, date, 12));
        }
        int fullYear = year.length() == 2 ? 2000 + Integer.parseInt(year) : Integer.parseInt(year);
        return safeDate(fullYear, month, day);
    }

    private static LocalDate nextOnOrAfter(LocalDate today, LocalDate candidate, int monthsPerCycle) {
        return candidate.isBefore(today) ? candidate.plusMonths(monthsPerCycle) : candidate;
    }

    private static Optional<LocalDate> safeDate(int year, int month, int day) {
        try {
            return Optional.of(LocalDate.of(year, month, day));
        } catch (java.time.DateTimeException e) {
            return Optional.empty();
        }
    }

    private static long count(String word) {
        return switch (word) {
            case "a", "one" -> 1;
            case "two" -> 2;
            case "three" -> 3;
            case "four" -> 4;
            case "six" -> 6;
            default -> Long.parseLong(word);
        };
    }
}
