package dev.upshift.common.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upshift.common.model.Evidence;
import dev.upshift.common.model.WeekMeasure;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every evidence trigger phrased for a customer, with the figure a draft must quote. */
class EvidenceQuoteTest {
    private static final Map<String, String> NAMES = Map.of("api_calls", "API calls", "storage_gb", "GB of storage", "seats", "seats",
            "active_users", "active users");
    private static final long FIRED = Instant.parse("2026-01-15T10:00:00Z").toEpochMilli();

    @Test
    void limits() {
        Evidence wall = metric(Evidence.HARD_WALL, "api_calls", "counter", 100000, 0.87);
        assertQuote(wall, "you have used 87% of your 100,000 API calls this month", "87%");

        Evidence weeks = metric(Evidence.CONSECUTIVE_WEEKS, "storage_gb", "gauge", 100, 0.85);
        weeks.weeks = List.of(new WeekMeasure(), new WeekMeasure(), new WeekMeasure());
        assertQuote(weeks, "you have been at 85% of your 100 GB of storage for 3 weeks in a row", "85%");

        Evidence renewal = metric(Evidence.RENEWAL, "storage_gb", "gauge", 10, 0.65);
        renewal.renewalAt = Instant.parse("2026-02-20T00:00:00Z").toEpochMilli();
        assertQuote(renewal, "your renewal is on February 20, 2026, and you are using 65% of your 10 GB of storage", "65%");
    }

    @Test
    void eventsInAWindow() {
        Evidence seats = window(List.of("2026-01-08T10:00:00Z", "2026-01-15T10:00:00Z"));
        seats.eventType = "seat_added";
        assertQuote(seats, "you added 2 seats in the last 7 days", "2 seats");

        Evidence gate = window(List.of("2026-01-06T11:00:00Z", "2026-01-10T11:00:00Z", "2026-01-15T09:00:00Z"));
        gate.feature = "sso";
        gate.minEvents = 3;
        assertQuote(gate, "your team tried sso 3 times in the last 9 days", "3 times");

        Evidence ask = window(List.of("2026-01-15T10:00:00Z"));
        ask.feature = "sso";
        ask.capability = "single_sign_on";
        ask.minEvents = 1;
        assertQuote(ask, "you asked us about single sign on", "single sign on");

        Evidence workaround = window(List.of("2025-12-27T16:00:00Z", "2026-01-06T16:00:00Z", "2026-01-14T16:00:00Z"));
        workaround.name = "manual_csv_merge";
        assertQuote(workaround, "the manual csv merge step was done by hand 3 times in the last 19 days", "3 times");
    }

    @Test
    void seatsBaselinesAndTenure() {
        Evidence seats = new Evidence();
        seats.trigger = Evidence.SEAT_THRESHOLD;
        seats.current = 4.0;
        assertQuote(seats, "your team now uses 4 seats", "4 seats");

        Evidence growth = baseline(Evidence.BASELINE_GROWTH, "active_users", 4, 8);
        assertQuote(growth, "your active users grew from 4 to 8 a week", "8");

        Evidence drop = baseline(Evidence.BASELINE_DROP, "api_calls", 8250, 3000);
        assertQuote(drop, "your API calls went from about 8,250 a week to 3,000", "3,000");

        Evidence tenure = new Evidence();
        tenure.trigger = Evidence.TENURE;
        tenure.monthsActive = 6;
        assertQuote(tenure, "you have been with us for 6 months on monthly billing", "6 months");

        Evidence habit = new Evidence();
        habit.trigger = Evidence.CONSECUTIVE_WEEKS;
        habit.eventType = "session";
        habit.threshold = 5.0;
        habit.userId = "p-1";
        habit.weeks = List.of(new WeekMeasure(), new WeekMeasure());
        assertQuote(habit, "one of your people has had 5 or more sessions every week for 2 weeks in a row", "2 weeks in a row");
    }

    @Test
    void numbersAndDatesFollowTheLocale() {
        Evidence wall = metric(Evidence.HARD_WALL, "api_calls", "counter", 100000, 0.9);
        assertThat(EvidenceQuote.of(wall, FIRED, NAMES, Locale.GERMANY).text()).isEqualTo("you have used 90% of your 100.000 API calls this month");
    }

    private static void assertQuote(Evidence evidence, String text, String figure) {
        EvidenceQuote quote = EvidenceQuote.of(evidence, FIRED, NAMES, Locale.US);
        assertThat(quote.text()).isEqualTo(text);
        assertThat(quote.figure()).isEqualTo(figure);
        assertThat(quote.text()).contains(quote.figure());
    }

    private static Evidence metric(String trigger, String metric, String kind, double limit, double utilization) {
        Evidence evidence = new Evidence();
        evidence.trigger = trigger;
        evidence.metric = metric;
        evidence.metricKind = kind;
        evidence.limit = limit;
        evidence.utilization = utilization;
        return evidence;
    }

    private static Evidence window(List<String> times) {
        Evidence evidence = new Evidence();
        evidence.trigger = Evidence.EVENTS_IN_WINDOW;
        evidence.eventTimes = times.stream().map(time -> Instant.parse(time).toEpochMilli()).toList();
        return evidence;
    }

    private static Evidence baseline(String trigger, String metric, double baseline, double current) {
        Evidence evidence = new Evidence();
        evidence.trigger = trigger;
        evidence.metric = metric;
        evidence.baseline = baseline;
        evidence.current = current;
        return evidence;
    }
}
