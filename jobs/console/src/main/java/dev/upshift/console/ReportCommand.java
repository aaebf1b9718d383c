package dev.upshift.console;

import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.jobs.runtime.ConfigOption;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./upshift report --out DIR}: the console's report as a static HTML file (with its chart, inline, so it
 * opens without a network) and a CSV, for analysts who don't run the console. Covers every owner.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write the analysts' report (funnel, lift over the holdout with its interval, conversion per week) as "
                + "report.html and report.csv, read from the output topics.")
public final class ReportCommand implements Callable<Integer> {
    @Option(names = "--bootstrap-servers", required = true, description = "Kafka bootstrap servers, host:port[,host:port]")
    String bootstrapServers;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write report.html and report.csv into")
    Path out;

    @Option(names = "--from", description = "First day of decisions, YYYY-MM-DD (default: the beginning)")
    LocalDate from;

    @Option(names = "--to", description = "Day after the last day of decisions, YYYY-MM-DD (default: tomorrow)")
    LocalDate to;

    @Mixin
    AttributionOption attribution;

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        Path[] written = write(config.load(), bootstrapServers, out, from, to, attribution.window, Clock.systemUTC());
        System.out.println("upshift: wrote " + written[0] + " and " + written[1]);
        return 0;
    }

    /**
     * Reads the topics to their current end and writes the report; returns the HTML and CSV paths.
     *
     * @param from the first day of decisions; null: the day of the first decision
     * @param to the day after the last; null: tomorrow
     */
    public static Path[] write(UpshiftConfig config, String bootstrapServers, Path out, LocalDate from, LocalDate to, Duration attribution,
            Clock clock) throws Exception {
        try (ConsoleStore store = new ConsoleStore(); TopicFeed feed = new TopicFeed(bootstrapServers, config.topics(), store, clock)) {
            feed.catchUp();
            ReportView view = new ReportView(AnalystReport.compute(store, Scope.all(), from, to, attribution, clock));
            Map<String, Object> model = view.model();
            model.put("title", "Report");
            model.put("writtenAt", Instant.now(clock).toString());
            model.put("source", bootstrapServers);
            Files.createDirectories(out);
            Path html = out.resolve("report.html");
            Path csv = out.resolve("report.csv");
            Files.writeString(html, new Pages().render("report-static", model), StandardCharsets.UTF_8);
            Files.writeString(csv, view.csv(), StandardCharsets.UTF_8);
            return new Path[] {html, csv};
        }
    }
}
