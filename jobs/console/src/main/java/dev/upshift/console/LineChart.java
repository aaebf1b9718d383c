package dev.upshift.console;

import java.util.List;
import java.util.Locale;

/**
 * A small line chart as inline SVG, one line per series over the same points (weeks): no script, no font, no network,
 * so the console's pages and the static reports show it alike. A point is drawn as a dot too, so that a chart of one
 * week still shows something.
 */
final class LineChart {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 220;
    private static final int MARGIN = 36;

    /** @param values one per point; the series' name labels it in the legend */
    record Series(String name, String colour, boolean dashed, List<Double> values) {}

    private LineChart() {}

    /**
     * @param xLabels the points' labels; only the first and the last are written under the axis
     * @param top the value the chart's top stands for, written beside it as {@code topLabel}
     */
    static String svg(String ariaLabel, List<String> xLabels, List<Series> series, double top, String topLabel) {
        if (xLabels.isEmpty()) {
            return "";
        }
        double step = xLabels.size() > 1 ? (WIDTH - 2.0 * MARGIN) / (xLabels.size() - 1) : 0;
        StringBuilder lines = new StringBuilder();
        StringBuilder dots = new StringBuilder();
        StringBuilder legend = new StringBuilder();
        int legendX = WIDTH - 100 * series.size();
        for (Series line : series) {
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < line.values().size(); i++) {
                double x = MARGIN + i * step;
                double y = y(line.values().get(i), top);
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                dots.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"/>", x, y, line.colour()));
            }
            lines.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s points=\"%s\"/>%n",
                    line.colour(), line.dashed() ? " stroke-dasharray=\"5,3\"" : "", points.toString().strip()));
            legend.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"14\" font-size=\"11\" fill=\"%s\">%s</text>", legendX, line.colour(),
                    escape(line.name())));
            legendX += 100;
        }
        return String.format(Locale.ROOT, """
                <svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" role="img" aria-label="%s">
                <line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#888"/><line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#888"/>
                <text x="4" y="%d" font-size="11">%s</text><text x="4" y="%d" font-size="11">0</text>
                <text x="%d" y="%d" font-size="11">%s</text><text x="%d" y="%d" font-size="11" text-anchor="end">%s</text>
                %s%s
                %s
                </svg>""",
                WIDTH, HEIGHT, escape(ariaLabel), MARGIN, HEIGHT - MARGIN, WIDTH - MARGIN, HEIGHT - MARGIN, MARGIN, MARGIN,
                MARGIN, HEIGHT - MARGIN, MARGIN + 4, escape(topLabel), HEIGHT - MARGIN, MARGIN, HEIGHT - 12,
                escape(xLabels.get(0)), WIDTH - MARGIN, HEIGHT - 12, escape(xLabels.get(xLabels.size() - 1)), lines, dots, legend);
    }

    private static double y(double value, double top) {
        return HEIGHT - MARGIN - value / top * (HEIGHT - 2.0 * MARGIN);
    }

    /** The chart is inserted unescaped: its texts are escaped here. */
    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
