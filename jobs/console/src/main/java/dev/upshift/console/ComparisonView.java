package dev.upshift.console;

import dev.upshift.common.report.DecisionReasons;
import dev.upshift.common.report.PlaybookComparison;
import dev.upshift.common.report.PlaybookComparison.Tally;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A comparison of two playbooks as its HTML page shows it: counts as they are, money to 2 decimals, differences
 * signed (B less A), decisions and reasons in words. The JSON beside the page carries the same figures unformatted.
 */
final class ComparisonView {
    private final PlaybookComparison comparison;

    ComparisonView(PlaybookComparison comparison) {
        this.comparison = comparison;
    }

    Map<String, Object> model() {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("a", comparison.a());
        model.put("b", comparison.b());
        model.put("headline", headline());
        model.put("configChanges", comparison.configChanges());
        model.put("sameConfig", comparison.configChanges() != null && comparison.configChanges().isEmpty());
        model.put("configUnknown", comparison.configChanges() == null);
        model.put("configDiffers", comparison.configChanges() != null && !comparison.configChanges().isEmpty());
        model.put("total", row(comparison.total()));
        model.put("rows", comparison.segments().stream().map(ComparisonView::row).toList());
        model.put("accounts", comparison.changedAccounts().stream().map(ComparisonView::account).toList());
        model.put("noChangedAccounts", comparison.changedAccounts().isEmpty());
        model.put("weeks", comparison.sendsPerWeek().stream().map(week -> Map.of("week", week.week(), "owner", week.ownerId(),
                "a", week.a(), "b", week.b(), "difference", signed(week.b() - week.a()))).toList());
        model.put("chart", chart());
        return model;
    }

    /** The whole difference in one sentence. */
    String headline() {
        Tally a = comparison.total().a();
        Tally b = comparison.total().b();
        return String.format(Locale.ROOT, "B requests %d offers to A's %d (%s), targeting %s of annual revenue to A's %s (%s); "
                        + "%d %s different offers.",
                b.requested(), a.requested(), signed(b.requested() - a.requested()), money(b.targetRevenue()), money(a.targetRevenue()),
                signedMoney(b.targetRevenue() - a.targetRevenue()), comparison.changedAccounts().size(),
                comparison.changedAccounts().size() == 1 ? "account gets" : "accounts get");
    }

    private static Map<String, Object> row(PlaybookComparison.Row row) {
        Map<String, Object> cells = new LinkedHashMap<>();
        cells.put("signal", row.signal());
        cells.put("segment", row.segment().isEmpty() ? "(none)" : row.segment());
        cells.put("signalsA", row.a().signals());
        cells.put("signalsB", row.b().signals());
        cells.put("requestedA", row.a().requested());
        cells.put("requestedB", row.b().requested());
        cells.put("requestedDifference", signed(row.difference().requested()));
        cells.put("targetA", money(row.a().targetRevenue()));
        cells.put("targetB", money(row.b().targetRevenue()));
        cells.put("targetDifference", signedMoney(row.difference().targetRevenue()));
        cells.put("expectedA", money(row.a().expectedRevenue()));
        cells.put("expectedB", money(row.b().expectedRevenue()));
        cells.put("expectedDifference", signedMoney(row.difference().expectedRevenue()));
        cells.put("decisionsA", counts(row.a().decisions()));
        cells.put("decisionsB", counts(row.b().decisions()));
        cells.put("suppressedA", counts(row.a().suppressed()));
        cells.put("suppressedB", counts(row.b().suppressed()));
        return cells;
    }

    private static Map<String, Object> account(PlaybookComparison.AccountChange change) {
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("accountId", change.accountId());
        account.put("ownerId", change.ownerId() == null ? PlaybookComparison.NO_OWNER : change.ownerId());
        account.put("segment", change.segment());
        account.put("change", switch (change.change()) {
            case only_a -> "offered in A only";
            case only_b -> "offered in B only";
            case different_offers -> "different offers";
        });
        account.put("differences", change.differences().stream().map(difference -> Map.of(
                "at", difference.at().substring(0, 10), "signal", difference.signal(),
                "a", difference.a(), "whyA", DecisionReasons.inWords(difference.reasonA()),
                "b", difference.b(), "whyB", DecisionReasons.inWords(difference.reasonB()))).toList());
        return account;
    }

    /** Requested offers per week, A against B, every owner together; a week without any is drawn at 0. */
    private String chart() {
        List<PlaybookComparison.WeekSends> weeks = comparison.sendsPerWeekInTotal();
        if (weeks.isEmpty()) {
            return "";
        }
        Map<String, long[]> byWeek = new LinkedHashMap<>();
        for (LocalDate week = LocalDate.parse(weeks.get(0).week()), last = LocalDate.parse(weeks.get(weeks.size() - 1).week());
                !week.isAfter(last); week = week.plusWeeks(1)) {
            byWeek.put(week.toString(), new long[2]);
        }
        weeks.forEach(week -> byWeek.put(week.week(), new long[] {week.a(), week.b()}));
        List<Double> a = new ArrayList<>();
        List<Double> b = new ArrayList<>();
        byWeek.values().forEach(counts -> {
            a.add((double) counts[0]);
            b.add((double) counts[1]);
        });
        double top = Math.max(1, byWeek.values().stream().mapToLong(counts -> Math.max(counts[0], counts[1])).max().orElse(0));
        return LineChart.svg("Offers requested per week, A and B", List.copyOf(byWeek.keySet()),
                List.of(new LineChart.Series("A", "#1f6feb", false, a), new LineChart.Series("B", "#d97706", true, b)),
                top, Long.toString((long) top));
    }

    /** {@code requested 3, suppressed 1}; empty for none. */
    private static String counts(Map<String, Long> counts) {
        return counts.entrySet().stream().map(entry -> entry.getKey() + " " + entry.getValue()).collect(Collectors.joining(", "));
    }

    static String money(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String signedMoney(double value) {
        return String.format(Locale.ROOT, "%+.2f", value);
    }

    private static String signed(long value) {
        return String.format(Locale.ROOT, "%+d", value);
    }
}
