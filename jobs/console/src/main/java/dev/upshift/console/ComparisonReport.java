package dev.upshift.console;

import dev.upshift.common.json.Json;
import dev.upshift.common.report.PlaybookComparison;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * Writes a comparison of two playbooks as {@code comparison.json}, for tools, and {@code comparison.html}, one file
 * with its style and chart inline, that opens without a network, as the console's static report does.
 */
public final class ComparisonReport {
    public static final String JSON = "comparison.json";
    public static final String HTML = "comparison.html";

    private ComparisonReport() {}

    /** The headline and the settings that differ, for the terminal. */
    public static String summary(PlaybookComparison comparison) {
        StringBuilder text = new StringBuilder(new ComparisonView(comparison).headline());
        if (comparison.configChanges() == null) {
            return text.toString();
        }
        comparison.configChanges().forEach(change -> text.append(System.lineSeparator())
                .append("  ").append(change.path()).append(": ").append(change.a()).append(" -> ").append(change.b()));
        return text.toString();
    }

    /**
     * @param source where the decisions came from, in words (a time range of retained topics, two topic prefixes)
     * @return the HTML file
     */
    public static Path write(PlaybookComparison comparison, Path out, String source, Clock clock) throws IOException {
        Files.createDirectories(out);
        Files.write(out.resolve(JSON), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(comparison));
        Map<String, Object> model = new ComparisonView(comparison).model();
        model.put("title", "Playbook comparison");
        model.put("source", source);
        model.put("writtenAt", Instant.now(clock).toString());
        Path html = out.resolve(HTML);
        Files.writeString(html, new Pages().render("comparison", model), StandardCharsets.UTF_8);
        return html;
    }
}
