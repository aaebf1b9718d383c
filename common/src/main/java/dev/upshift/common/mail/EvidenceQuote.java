package dev.upshift.common.mail;

import dev.upshift.common.model.Evidence;
import dev.upshift.common.model.WeekMeasure;
import java.io.Serializable;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A signal's evidence as a phrase a customer reads ("you added 3 seats in the last 11 days"), and the figure in
 * it that any draft must quote, so that the message reads as an observation.
 *
 * @param text the phrase, lower-case first, to be placed inside a sentence
 * @param figure the part of the phrase a draft must contain verbatim, e.g. "87%" or "3 seats"
 */
public record EvidenceQuote(String text, String figure) implements Serializable {

    /** Phrases evidence in {@code locale}, naming metrics by {@code metricNames} (e.g. api_calls: API calls). */
    public static EvidenceQuote of(Evidence e, long firedAt, Map<String, String> metricNames, Locale locale) {
        Phrasing p = new Phrasing(metricNames, locale);
        return switch (e.trigger) {
            case Evidence.HARD_WALL -> {
                String pct = p.percent(e.utilization);
                yield new EvidenceQuote("you have used " + pct + " of your " + p.limit(e) + (p.isCounter(e) ? " this month" : ""), pct);
            }
            case Evidence.CONSECUTIVE_WEEKS -> e.metric != null ? weeksAtLimit(e, p) : weeklyHabit(e, p);
            case Evidence.RENEWAL -> {
                String pct = p.percent(e.utilization);
                yield new EvidenceQuote("your renewal is on " + p.date(e.renewalAt) + ", and you are using " + pct + " of your "
                        + p.limit(e) + (p.isCounter(e) ? " a month" : ""), pct);
            }
            case Evidence.EVENTS_IN_WINDOW -> eventsInWindow(e, firedAt, p);
            case Evidence.SEAT_THRESHOLD -> {
                String seats = p.number(e.current) + " seats";
                yield new EvidenceQuote("your team now uses " + seats, seats);
            }
            case Evidence.BASELINE_GROWTH -> {
                String current = p.number(e.current);
                yield new EvidenceQuote("your " + p.name(e.metric) + " grew from " + p.number(e.baseline) + " to " + current + " a week", current);
            }
            case Evidence.BASELINE_DROP -> {
                String current = p.number(e.current);
                yield new EvidenceQuote("your " + p.name(e.metric) + " went from about " + p.number(e.baseline) + " a week to "
                        + current, current);
            }
            case Evidence.TENURE -> {
                String months = e.monthsActive + " months";
                yield new EvidenceQuote("you have been with us for " + months + " on monthly billing", months);
            }
            default -> throw new IllegalArgumentException("no phrasing for evidence trigger " + e.trigger);
        };
    }

    private static EvidenceQuote weeksAtLimit(Evidence e, Phrasing p) {
        String pct = p.percent(e.utilization);
        return new EvidenceQuote("you have been at " + pct + " of your " + p.limit(e) + (p.isCounter(e) ? " a month" : "")
                + " for " + e.weeks.size() + " weeks in a row", pct);
    }

    private static EvidenceQuote weeklyHabit(Evidence e, Phrasing p) {
        List<WeekMeasure> weeks = e.weeks;
        String run = weeks.size() + " weeks in a row";
        String amount = p.number(e.threshold) + " or more " + e.eventType + (e.threshold == 1 ? "" : "s");
        String who = e.userId != null ? "one of your people has had " : "your team has had ";
        return new EvidenceQuote(who + amount + " every week for " + run, run);
    }

    private static EvidenceQuote eventsInWindow(Evidence e, long firedAt, Phrasing p) {
        int count = e.eventTimes.size();
        String span = p.daysSince(e.eventTimes.get(0), firedAt);
        if (e.name != null) {
            String times = count + " times";
            return new EvidenceQuote("the " + p.label(e.name) + " step was done by hand " + times + " in the last " + span, times);
        }
        if (e.capability != null || (e.minEvents != null && e.minEvents == 1 && e.feature != null)) {
            String wanted = p.label(e.capability != null ? e.capability : e.feature);
            return new EvidenceQuote("you asked us about " + wanted, wanted);
        }
        if (e.feature != null) {
            String times = count + " times";
            return new EvidenceQuote("your team tried " + p.label(e.feature) + " " + times + " in the last " + span, times);
        }
        String seats = count + " seats";
        return new EvidenceQuote("you added " + seats + " in the last " + span, seats);
    }

    /** Number, percent, date and name formatting for one locale. */
    private record Phrasing(Map<String, String> metricNames, Locale locale) {
        String percent(double fraction) {
            return Math.round(fraction * 100) + "%";
        }

        String number(double value) {
            NumberFormat format = NumberFormat.getNumberInstance(locale);
            format.setMaximumFractionDigits(1);
            return format.format(value);
        }

        String limit(Evidence e) {
            return number(e.limit) + " " + name(e.metric);
        }

        String name(String metric) {
            return metricNames.getOrDefault(metric, label(metric));
        }

        boolean isCounter(Evidence e) {
            return "counter".equals(e.metricKind);
        }

        String label(String id) {
            return id.replace('_', ' ');
        }

        String date(long epochMillis) {
            return DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale)
                    .format(Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC));
        }

        /** Whole days from the first event to the signal, at least one. */
        String daysSince(long first, long firedAt) {
            long days = Math.max(1, (long) Math.ceil(Duration.ofMillis(firedAt - first).toHours() / 24.0));
            return days == 1 ? "day" : days + " days";
        }
    }
}
