package dev.upshift.console;

import dev.upshift.common.config.ConfigDiff;
import dev.upshift.common.config.ConfigLoader;
import dev.upshift.common.report.DayRange;
import dev.upshift.common.report.PlaybookComparison;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./upshift compare --a upshift. --b shadow.}: two runs' decisions, read from their output topics, compared as
 * a backtest's {@code --compare} compares them: typically the live job against a shadow job beside it.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compare two runs' offer decisions, read from the topics PREFIXoffers (e.g. the live job's upshift.offers and a "
                + "shadow job's shadow.offers), and write comparison.json and comparison.html.")
public final class CompareCommand implements Callable<Integer> {
    @Option(names = "--bootstrap-servers", required = true, description = "Kafka bootstrap servers, host:port[,host:port]")
    String bootstrapServers;

    @Option(names = "--a", required = true, paramLabel = "PREFIX", description = "The current run's topic prefix, e.g. upshift.")
    String prefixA;

    @Option(names = "--b", required = true, paramLabel = "PREFIX", description = "The proposal's topic prefix, e.g. shadow.")
    String prefixB;

    @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "First day (UTC) of decisions (default: the beginning)")
    LocalDate from;

    @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "Day after the last day of decisions (default: any)")
    LocalDate to;

    @Option(names = "--config-a", paramLabel = "FILE", description = "A's playbook, to list the settings that differ (default, when --config-b is given: the shipped defaults)")
    Path configA;

    @Option(names = "--config-b", paramLabel = "FILE", description = "B's playbook, to list the settings that differ (default, when --config-a is given: the shipped defaults)")
    Path configB;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write comparison.json and comparison.html into")
    Path out;

    @Override
    public Integer call() throws Exception {
        DayRange range = new DayRange(from, to);
        List<ConfigDiff.Change> changes = null;
        if (configA != null || configB != null) {
            for (Path file : new Path[] {configA, configB}) {
                if (file != null) {
                    ConfigLoader.load(file);
                }
            }
            changes = ConfigDiff.between(ConfigLoader.effectiveTree(configA), ConfigLoader.effectiveTree(configB));
        }
        DecisionTopic a = DecisionTopic.read(bootstrapServers, prefixA + "offers", range.start(), range.end());
        DecisionTopic b = DecisionTopic.read(bootstrapServers, prefixB + "offers", range.start(), range.end());
        for (DecisionTopic side : List.of(a, b)) {
            System.out.printf("upshift: %,d decisions from %s%s%n", side.decisions().size(), side.topic(),
                    side.unreadable() == 0 ? "" : String.format(" (%,d unreadable records skipped)", side.unreadable()));
        }
        PlaybookComparison comparison = PlaybookComparison.of(a.topic(), a.decisions(), b.topic(), b.decisions(), changes);
        String source = "the decisions on " + bootstrapServers + " " + range.inWords();
        Path html = ComparisonReport.write(comparison, out, source, Clock.systemUTC());
        System.out.println(ComparisonReport.summary(comparison));
        System.out.println("upshift: wrote " + out.resolve(ComparisonReport.JSON) + " and " + html);
        return 0;
    }
}
