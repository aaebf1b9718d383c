package dev.upshift.console;

import dev.upshift.common.report.TwoProportions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The analysts' report as the page, the static file and the CSV show it: figures formatted once, here, so the
 * three always agree. Proportions and the lift are shown to 3 decimals; the CSV carries 6.
 */
final class ReportView {
    private final AnalystReport report;

    ReportView(AnalystReport report) {
        this.report = report;
    }

    /** The template's model: the rows, the total, the chart and the range. */
    Map<String, Object> model() {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("from", day(report.from()));
        model.put("to", day(report.to()));
        model.put("attributionDays", report.attribution().toDays());
        model.put("columns", AnalystReport.columns().values());
        model.put("rows", report.rows().stream().map(row -> Map.of("cells", cells(row.signal(), row.segment(), row.tally(), false))).toList());
        model.put("total", Map.of("cells", cells("All playbooks", "all", report.total(), false)));
        model.put("headline", headline(report.total()));
        model.put("chart", chart());
        model.put("hasRows", !report.rows().isEmpty());
        return model;
    }

    String csv() {
        StringBuilder csv = new StringBuilder(String.join(",", AnalystReport.columns().keySet())).append('\n');
        for (AnalystReport.Row row : report.rows()) {
            csv.append(cells(row.signal(), row.segment(), row.tally(), true).stream().map(ReportView::csvField)
                    .collect(Collectors.joining(","))).append('\n');
        }
        return csv.toString();
    }

    /** The total's lift in one sentence, as the page's headline. */
    static String headline(AnalystReport.Tally tally) {
        TwoProportions lift = tally.lift();
        if (!lift.isDefined()) {
            return "No lift yet: it needs decisions in both the treatment and the holdout group.";
        }
        TwoProportions.Interval interval = lift.interval();
        return String.format(Locale.ROOT, "Lift %s (95%% CI %s to %s, Newcombe's hybrid score): treatment converted %s, holdout %s.",
                signed(lift.difference(), 3), signed(interval.lower(), 3), signed(interval.upper(), 3),
                decimal(lift.treatedRate(), 3), decimal(lift.heldRate(), 3));
    }

    /** A row's cells: for the page, 3 decimals and signed differences; for the CSV, 6 decimals and plain numbers. */
    private static List<String> cells(String signal, String segment, AnalystReport.Tally tally, boolean forCsv) {
        int decimals = forCsv ? 6 : 3;
        TwoProportions lift = tally.lift();
        boolean defined = lift.isDefined();
        List<String> cells = new ArrayList<>(List.of(signal, segment, count(tally.signals), count(tally.offered), count(tally.sent),
                count(tally.replied), count(tally.accepted), count(tally.treated),
                tally.treated > 0 ? decimal(lift.treatedRate(), decimals) : "",
                count(tally.held), tally.held > 0 ? decimal(lift.heldRate(), decimals) : ""));
        if (defined) {
            TwoProportions.Interval interval = lift.interval();
            cells.addAll(List.of(difference(lift.difference(), forCsv), difference(interval.lower(), forCsv),
                    difference(interval.upper(), forCsv), decimal(tally.incrementalConversions(), forCsv ? decimals : 1),
                    decimal(tally.incrementalRevenue(), 2)));
        } else {
            cells.addAll(List.of("", "", "", "", ""));
        }
        return cells;
    }

    /** Treatment and holdout conversion per week of decision. */
    private String chart() {
        List<AnalystReport.Week> weeks = report.weeks();
        List<Double> treated = weeks.stream().map(week -> rate(week.tally().treatedConverted, week.tally().treated)).toList();
        List<Double> held = weeks.stream().map(week -> rate(week.tally().heldConverted, week.tally().held)).toList();
        double top = Math.max(0.05, Stream.concat(treated.stream(), held.stream()).mapToDouble(Double::doubleValue).max().orElse(0));
        return LineChart.svg("Conversion per week of decision", weeks.stream().map(week -> week.start().toString()).toList(),
                List.of(new LineChart.Series("treatment", "#1f6feb", false, treated), new LineChart.Series("holdout", "#d97706", true, held)),
                top, decimal(top, 2));
    }

    private static double rate(long converted, long total) {
        return total == 0 ? 0 : (double) converted / total;
    }

    static String day(long millis) {
        return Instant.ofEpochMilli(millis).toString().substring(0, 10);
    }

    private static String count(long value) {
        return Long.toString(value);
    }

    private static String decimal(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static String difference(double value, boolean forCsv) {
        return forCsv ? decimal(value, 6) : signed(value, 3);
    }

    private static String signed(double value, int decimals) {
        return String.format(Locale.ROOT, "%+." + decimals + "f", value);
    }

    /** Quoted when it must be; a text a spreadsheet would run as a formula gets a leading apostrophe. */
    private static String csvField(String value) {
        if (!value.isEmpty() && "=+@\t\r".indexOf(value.charAt(0)) >= 0) {
            value = "'" + value;
        }
        return value.contains(",") || value.contains("\"") || value.contains("\n") ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }
}
