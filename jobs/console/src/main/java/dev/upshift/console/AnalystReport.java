package dev.upshift.console;

import dev.upshift.common.report.TwoProportions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The analysts' report over offer decisions taken in [{@code from}, {@code to}), per playbook (signal) and
 * segment: the funnel and the lift of treatment over holdout. What each figure means is in docs/console.md.
 *
 * <ul>
 *   <li><b>signals</b>: decisions other than withdrawals (the job writes exactly one per signal);
 *   <b>offered</b>: those that chose an offer, {@code requested} (treatment) or {@code withheld} (holdout);
 *   <b>sent</b>, <b>replied</b> (a person answered), <b>accepted</b> (accepted or upgraded, for that offer):
 *   among the treatment's offers.</li>
 *   <li><b>conversion</b>: an {@code accepted} or {@code upgraded} outcome for the account within the attribution
 *   window after the decision, in either group, whether or not a mail went out (intention to treat: a holdout
 *   account converts only on its own).</li>
 *   <li><b>lift</b>: treatment rate minus holdout rate, with Newcombe's hybrid score interval (95%);
 *   <b>incremental conversions</b>: lift × treated decisions; <b>incremental annual revenue</b>: lift × the
 *   treated offers' annual revenue (after each account's discount).</li>
 * </ul>
 */
final class AnalystReport {
    static final Duration DEFAULT_ATTRIBUTION = Duration.ofDays(30);
    private static final String HUMAN_LABELS = "('interested', 'question', 'not_now', 'not_interested', 'unsubscribe', 'wrong_person')";

    /** One decision with what followed it. */
    record Decision(String signal, String segment, String status, long decidedAt, double annualRevenue, boolean sent,
            boolean replied, boolean accepted, boolean converted) {
        boolean treated() {
            return "requested".equals(status);
        }

        boolean heldOut() {
            return "withheld".equals(status);
        }
    }

    /** Counts of one group of decisions: a playbook and segment, all of them, or one week. */
    static final class Tally {
        long signals;
        long offered;
        long sent;
        long replied;
        long accepted;
        long treated;
        long treatedConverted;
        long held;
        long heldConverted;
        double treatedRevenue;

        void add(Decision decision) {
            signals++;
            if (decision.treated() || decision.heldOut()) {
                offered++;
            }
            if (decision.treated()) {
                treated++;
                treatedRevenue += decision.annualRevenue();
                sent += decision.sent() ? 1 : 0;
                replied += decision.replied() ? 1 : 0;
                accepted += decision.accepted() ? 1 : 0;
                treatedConverted += decision.converted() ? 1 : 0;
            } else if (decision.heldOut()) {
                held++;
                heldConverted += decision.converted() ? 1 : 0;
            }
        }

        TwoProportions lift() {
            return new TwoProportions(treatedConverted, treated, heldConverted, held);
        }

        double incrementalConversions() {
            return lift().isDefined() ? lift().difference() * treated : 0;
        }

        double incrementalRevenue() {
            return lift().isDefined() ? lift().difference() * treatedRevenue : 0;
        }
    }

    record Row(String signal, String segment, Tally tally) {}

    record Week(LocalDate start, Tally tally) {}

    private final long from;
    private final long to;
    private final Duration attribution;
    private final List<Row> rows;
    private final Tally total = new Tally();
    private final List<Week> weeks;

    private AnalystReport(long from, long to, Duration attribution, List<Decision> decisions) {
        this.from = from;
        this.to = to;
        this.attribution = attribution;
        Map<String, Row> rowsByKey = new TreeMap<>();
        Map<LocalDate, Tally> byWeek = new TreeMap<>();
        for (Decision decision : decisions) {
            rowsByKey.computeIfAbsent(decision.signal() + "\u0000" + decision.segment(),
                    key -> new Row(decision.signal(), decision.segment(), new Tally())).tally().add(decision);
            total.add(decision);
            byWeek.computeIfAbsent(weekOf(decision.decidedAt()), week -> new Tally()).add(decision);
        }
        this.rows = List.copyOf(rowsByKey.values());
        List<Week> weekList = new ArrayList<>();
        byWeek.forEach((start, tally) -> weekList.add(new Week(start, tally)));
        this.weeks = List.copyOf(weekList);
    }

    /** Computes the report from the store, for the decisions in {@code scope} taken in [from, to). */
    static AnalystReport compute(ConsoleStore store, Scope scope, long from, long to, Duration attribution) {
        String sql = """
                with decisions as (
                  select distinct on (offer_id, status) offer_id, account_id, signal, coalesce(segment, '') as segment, status,
                         decided_at, coalesce(annual_revenue, 0) as annual_revenue
                  from offers
                  where status <> 'withdrawn' and decided_at >= ? and decided_at < ? and %s
                )
                select d.*,
                  exists (select 1 from audit a where a.offer_id = d.offer_id and a.stage = 'sent' and a.mail_kind is null) as sent,
                  exists (select 1 from outcomes o where o.offer_id = d.offer_id and o.label in %s) as replied,
                  exists (select 1 from feedback f where f.offer_id = d.offer_id and f.outcome in ('accepted', 'upgraded')) as accepted,
                  exists (select 1 from feedback f where f.account_id = d.account_id and f.outcome in ('accepted', 'upgraded')
                          and f.occurred_at >= d.decided_at and f.occurred_at <= d.decided_at + ?) as converted
                from decisions d
                order by d.decided_at, d.offer_id
                """.formatted(Scope.CLAUSE, HUMAN_LABELS);
        List<Decision> decisions = store.query(sql, row -> new Decision(row.getString("signal"), row.getString("segment"),
                row.getString("status"), row.getLong("decided_at"), row.getDouble("annual_revenue"), row.getBoolean("sent"),
                row.getBoolean("replied"), row.getBoolean("accepted"), row.getBoolean("converted")),
                from, to, scope.everyone(), scope.ownerId(), attribution.toMillis());
        return new AnalystReport(from, to, attribution, decisions);
    }

    /**
     * The report over whole UTC days: from the start of {@code from} (null: the day of the first decision in scope)
     * up to the start of {@code to} (null: tomorrow, so that today counts).
     */
    static AnalystReport compute(ConsoleStore store, Scope scope, LocalDate from, LocalDate to, Duration attribution, Clock clock) {
        long start = from != null ? startOf(from) : firstDecisionDay(store, scope);
        long end = startOf(to != null ? to : LocalDate.now(clock).plusDays(1));
        return compute(store, scope, start, end, attribution);
    }

    private static long startOf(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    /** The start of the UTC day of the first decision in scope; 0 without any. */
    private static long firstDecisionDay(ConsoleStore store, Scope scope) {
        long millis = store.query("select min(decided_at) from offers where " + Scope.CLAUSE, row -> row.getLong(1),
                scope.parameters()).get(0);
        return startOf(Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC).toLocalDate());
    }

    List<Row> rows() {
        return rows;
    }

    Tally total() {
        return total;
    }

    List<Week> weeks() {
        return weeks;
    }

    long from() {
        return from;
    }

    long to() {
        return to;
    }

    Duration attribution() {
        return attribution;
    }

    static LocalDate weekOf(long millis) {
        return Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC).toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    /** Labels for the columns, in order, as the page, the CSV and the static file show them. */
    static Map<String, String> columns() {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("signal", "Playbook (signal)");
        columns.put("segment", "Segment");
        columns.put("signals", "Signals");
        columns.put("offered", "Offers decided");
        columns.put("sent", "Sent");
        columns.put("replied", "Replied");
        columns.put("accepted", "Accepted");
        columns.put("treated", "Treatment decisions");
        columns.put("treated_rate", "Treatment conversion");
        columns.put("held", "Holdout decisions");
        columns.put("held_rate", "Holdout conversion");
        columns.put("lift", "Lift");
        columns.put("ci_low", "95% CI low");
        columns.put("ci_high", "95% CI high");
        columns.put("incremental_conversions", "Incremental conversions");
        columns.put("incremental_revenue", "Incremental annual revenue");
        return columns;
    }
}
