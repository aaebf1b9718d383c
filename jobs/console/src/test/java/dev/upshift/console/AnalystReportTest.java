package dev.upshift.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The report's figures on a small scenario computed by hand. One playbook (seat_growth, segment starter), decisions
 * in March 2026:
 * <ul>
 *   <li>treatment t1..t4 (1,200 a year each): t1 sent, answered "interested", accepted 3 days later (converted);
 *   t2 sent, answered "not interested", and replayed (its record twice); t3 sent, no reply, upgraded on its own 39
 *   days later (outside the 30-day window: not converted); t4 requested but never sent;</li>
 *   <li>holdout h1, h2: h1 upgraded 17 days later (converted), h2 nothing;</li>
 *   <li>s1 suppressed by the cooldown; t1 also has a withdrawal (not a signal); x1 decided in May (out of range);
 *   o1 is another owner's.</li>
 * </ul>
 * By hand: signals 7, offered 6, sent 3, replied 2, accepted 1; treatment 1/4 = 0.250, holdout 1/2 = 0.500, lift
 * -0.250. Wilson intervals: 1/4 → (0.0456, 0.6994), 1/2 → (0.0945, 0.9055); Newcombe's hybrid score interval
 * -0.25 ∓ √((0.25-0.0456)² + (0.9055-0.5)²), ± √((0.6994-0.25)² + (0.5-0.0945)²) = (-0.704, +0.355).
 * Incremental conversions -0.25 × 4 = -1.0; incremental annual revenue -0.25 × 4,800 = -1,200.00.
 */
class AnalystReportTest {
    private static final long FROM = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();
    private static final long TO = Instant.parse("2026-04-01T00:00:00Z").toEpochMilli();

    private final ConsoleStore store = new ConsoleStore();

    @AfterEach
    void close() throws Exception {
        store.close();
    }

    @Test
    void figuresMatchTheScenarioComputedByHand() {
        loadScenario();
        AnalystReport report = AnalystReport.compute(store, new Scope(false, "csm-a"), FROM, TO, Duration.ofDays(30));

        assertThat(report.rows()).hasSize(1);
        AnalystReport.Tally tally = report.rows().get(0).tally();
        assertThat(List.of(tally.signals, tally.offered, tally.sent, tally.replied, tally.accepted, tally.treated,
                tally.treatedConverted, tally.held, tally.heldConverted)).containsExactly(7L, 6L, 3L, 2L, 1L, 4L, 1L, 2L, 1L);
        assertThat(tally.treatedRevenue).isEqualTo(4800.0);
        String csv = new ReportView(report).csv();
        assertThat(csv).isEqualTo(String.join(",", AnalystReport.columns().keySet()) + "\n"
                + "seat_growth,starter,7,6,3,2,1,4,0.250000,2,0.500000,-0.250000,-0.704081,0.355250,-1.000000,-1200.00\n");
        assertThat(ReportView.headline(report.total())).isEqualTo(
                "Lift -0.250 (95% CI -0.704 to +0.355, Newcombe's hybrid score): treatment converted 0.250, holdout 0.500.");
    }

    @Test
    void anAdminSeesEveryOwnersDecisions() {
        loadScenario();
        AnalystReport report = AnalystReport.compute(store, Scope.all(), FROM, TO, Duration.ofDays(30));
        assertThat(report.total().signals).isEqualTo(8);
        assertThat(report.total().treated).isEqualTo(5);
    }

    @Test
    void theWeeklySeriesFollowsTheDecisions() {
        loadScenario();
        AnalystReport report = AnalystReport.compute(store, new Scope(false, "csm-a"), FROM, TO, Duration.ofDays(30));
        assertThat(report.weeks()).extracting(week -> week.start().toString()).containsExactly("2026-03-02");
        assertThat(new ReportView(report).model().get("chart").toString()).startsWith("<svg").contains("<polyline");
    }

    private void loadScenario() {
        offers(offer("t1", "requested", "2026-03-02T10:00:00Z", "csm-a"), offer("t2", "requested", "2026-03-02T10:00:00Z", "csm-a"),
                offer("t2", "requested", "2026-03-02T10:00:00Z", "csm-a"), offer("t3", "requested", "2026-03-02T11:00:00Z", "csm-a"),
                offer("t4", "requested", "2026-03-02T12:00:00Z", "csm-a"), offer("h1", "withheld", "2026-03-03T10:00:00Z", "csm-a"),
                offer("h2", "withheld", "2026-03-03T10:00:00Z", "csm-a"), offer("s1", "suppressed", "2026-03-04T10:00:00Z", "csm-a"),
                offer("t1", "withdrawn", "2026-03-06T10:00:00Z", "csm-a"), offer("x1", "requested", "2026-05-01T10:00:00Z", "csm-a"),
                offer("o1", "requested", "2026-03-02T10:00:00Z", "csm-b"));
        add(Source.AUDIT, sent("t1"), sent("t2"), sent("t3"),
                "{\"auditId\":\"offer-t4:awaiting_review\",\"accountId\":\"t4\",\"decision\":{\"offerId\":\"offer-t4\"},"
                        + "\"delivery\":{\"stage\":\"awaiting_review\"},\"recordedAt\":\"2026-03-02T12:00:00Z\"}");
        add(Source.OUTCOMES, "{\"outcomeId\":\"<r1@x>\",\"offerId\":\"offer-t1\",\"accountId\":\"t1\",\"label\":\"interested\"}",
                "{\"outcomeId\":\"<r2@x>\",\"offerId\":\"offer-t2\",\"accountId\":\"t2\",\"label\":\"not_interested\"}",
                "{\"outcomeId\":\"<r3@x>\",\"offerId\":\"offer-t3\",\"accountId\":\"t3\",\"label\":\"auto_reply\"}");
        add(Source.FEEDBACK, "{\"accountId\":\"t1\",\"offerId\":\"offer-t1\",\"outcome\":\"accepted\",\"occurredAt\":\"2026-03-05T10:00:00Z\"}",
                "{\"accountId\":\"t3\",\"outcome\":\"upgraded\",\"occurredAt\":\"2026-04-10T11:00:00Z\"}",
                "{\"accountId\":\"h1\",\"outcome\":\"upgraded\",\"occurredAt\":\"2026-03-20T10:00:00Z\"}",
                "{\"accountId\":\"h2\",\"outcome\":\"declined\",\"occurredAt\":\"2026-03-10T10:00:00Z\"}");
    }

    private static String offer(String account, String status, String decidedAt, String owner) {
        return "{\"offerId\":\"offer-" + account + "\",\"accountId\":\"" + account + "\",\"signal\":\"seat_growth\",\"segment\":\"starter\","
                + "\"ownerId\":\"" + owner + "\",\"status\":\"" + status + "\",\"group\":\"" + ("withheld".equals(status) ? "holdout" : "treatment")
                + "\",\"reason\":" + ("suppressed".equals(status) ? "\"cooldown\"" : "null") + ",\"kind\":\"seat_expansion\","
                + "\"decidedAt\":\"" + decidedAt + "\",\"annualRevenue\":1200.0}";
    }

    private static String sent(String account) {
        return "{\"auditId\":\"offer-" + account + ":sent\",\"accountId\":\"" + account + "\",\"decision\":{\"offerId\":\"offer-" + account
                + "\"},\"delivery\":{\"stage\":\"sent\"},\"recordedAt\":\"2026-03-02T13:00:00Z\"}";
    }

    private void offers(String... records) {
        add(Source.OFFERS, records);
    }

    private void add(Source source, String... records) {
        long offset = 0;
        List<ConsoleStore.Incoming> incoming = new java.util.ArrayList<>();
        for (String record : records) {
            incoming.add(new ConsoleStore.Incoming(0, offset++, null, record.getBytes(StandardCharsets.UTF_8)));
        }
        store.add(source, incoming);
    }
}
