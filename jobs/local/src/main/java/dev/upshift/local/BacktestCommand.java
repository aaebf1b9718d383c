package dev.upshift.local;

import dev.upshift.common.config.ConfigDiff;
import dev.upshift.common.config.ConfigLoader;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.report.DayRange;
import dev.upshift.common.report.PlaybookComparison;
import dev.upshift.console.ComparisonReport;
import dev.upshift.jobs.runtime.ConfigOption;
import dev.upshift.jobs.runtime.io.OutputTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./upshift backtest}: what would the agent have done with this history, from files or from the retained
 * Kafka topics, under this playbook; and with {@code --compare}, under another one too, side by side.
 */
@Command(name = "backtest", mixinStandardHelpOptions = true,
        description = "Replay history through the job in event time and write signals, offers, audit and dead letters: from JSON-lines "
                + "files (.jsonl or .jsonl.gz, in any order), or from the retained Kafka topics over a time range. With --compare, "
                + "replay it under two playbooks and write their comparison.")
final class BacktestCommand implements Callable<Integer> {
    @Option(names = "--accounts", description = "Account records, one JSON object per line; an account's last line wins")
    Path accounts;

    @Option(names = "--events", description = "Usage events, one JSON object per line, in any order")
    Path events;

    @Option(names = "--feedback", description = "Offer outcomes (accepted, declined, ...), one JSON object per line, in any order; optional")
    Path feedback;

    @Option(names = "--bootstrap-servers", description = "Replay the config's events, accounts and feedback topics from this Kafka "
            + "cluster instead of files (read only; no consumer group)")
    String bootstrapServers;

    @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "With --bootstrap-servers: the first day (UTC) of events and outcomes "
            + "to replay, by record timestamp (default: the topics' beginning)")
    LocalDate from;

    @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "With --bootstrap-servers: the day after the last (default: now); "
            + "each account as it stood then")
    LocalDate to;

    @Option(names = "--out", description = "Directory for signals.jsonl, offers.jsonl, audit.jsonl and dlq.jsonl; with --compare, "
            + "for a/, b/, comparison.json and comparison.html")
    Path outDir;

    @Option(names = "--out-topic-prefix", paramLabel = "PREFIX", description = "Write the results to the topics PREFIXsignals, "
            + "PREFIXoffers, PREFIXaudit and PREFIXdlq on the --bootstrap-servers cluster instead of files; never a live topic")
    String outTopicPrefix;

    @Option(names = "--compare", paramLabel = "FILE", description = "A second playbook (YAML over the shipped defaults, as --config) to "
            + "replay the same history with, and compare with the first")
    Path compare;

    @Mixin
    ConfigOption configOption;

    @Override
    public Integer call() throws Exception {
        UpshiftConfig config = configOption.load();
        History history = history(config);
        OutputTopics outTopics = outTopics(config);
        Progress progress = new Progress();
        Path workDir = LocalFiles.temporaryDirectory("upshift-backtest-");
        try {
            ReplayFile replay = Backtest.prepare(history, config, workDir.resolve("input"), progress);
            if (compare != null) {
                compare(replay, config, workDir, progress);
            } else {
                Path results = outTopics == null ? outDir : workDir.resolve("results");
                Backtest.Result result = Backtest.replay(replay, config, workDir.resolve("run"), results, progress);
                say(progress, result, outTopics == null ? outDir.toString()
                        : "the topics " + String.join(", ", ResultTopics.fileToTopic(outTopics).values()));
                if (outTopics != null) {
                    ResultTopics.write(result, bootstrapServers, outTopics, progress);
                }
                progress.say(Summary.of(result));
            }
        } finally {
            LocalFiles.deleteRecursively(workDir);
        }
        return 0;
    }

    /** A under {@code --config}, B under {@code --compare}, over the one prepared history; then the comparison of the two. */
    private void compare(ReplayFile replay, UpshiftConfig configA, Path workDir, Progress progress) throws Exception {
        UpshiftConfig configB = ConfigLoader.load(compare);
        String labelA = configOption.file() == null ? "the shipped defaults" : configOption.file().toString();
        progress.say("Playbook A: " + labelA);
        Backtest.Result a = Backtest.replay(replay, configA, workDir.resolve("run-a"), outDir.resolve("a"), progress);
        say(progress, a, outDir.resolve("a").toString());
        progress.say("Playbook B: " + compare);
        Backtest.Result b = Backtest.replay(replay, configB, workDir.resolve("run-b"), outDir.resolve("b"), progress);
        say(progress, b, outDir.resolve("b").toString());
        PlaybookComparison comparison = PlaybookComparison.of(labelA, a.offers(), compare.toString(), b.offers(),
                ConfigDiff.between(ConfigLoader.effectiveTree(configOption.file()), ConfigLoader.effectiveTree(compare)));
        Path html = ComparisonReport.write(comparison, outDir, source(), Clock.systemUTC());
        progress.say(ComparisonReport.summary(comparison));
        progress.say("Wrote " + outDir.resolve(ComparisonReport.JSON) + " and " + html);
    }

    private static void say(Progress progress, Backtest.Result result, String where) {
        progress.say(String.format("Wrote %,d signals, %,d offer decisions, %,d audit records and %,d dead letters to %s",
                result.counts().get(Backtest.SIGNALS), result.counts().get(Backtest.OFFERS),
                result.counts().get(Backtest.AUDIT), result.counts().get(Backtest.DLQ), where));
        progress.say(String.format("Replayed %,d records in %.1f s: %,.0f records/s", result.replayed(),
                result.replayTime().toMillis() / 1000.0, result.recordsPerSecond()));
    }

    /** The files, or the topics; each option checked against the other with a clear message. */
    private History history(UpshiftConfig config) {
        boolean files = accounts != null || events != null || feedback != null;
        DayRange range = range();
        if (bootstrapServers == null) {
            if (accounts == null || events == null) {
                throw new IllegalArgumentException("give --accounts and --events files, or --bootstrap-servers to replay the Kafka topics");
            }
            if (!range.isOpen()) {
                throw new IllegalArgumentException("--from and --to select a range of Kafka topics: use them with --bootstrap-servers");
            }
            for (Path input : new Path[] {accounts, events, feedback}) {
                if (input != null && !Files.isReadable(input)) {
                    throw new IllegalArgumentException("cannot read input file " + input);
                }
            }
        } else if (files) {
            throw new IllegalArgumentException("give either input files or --bootstrap-servers, not both");
        }
        if (outDir == null && (outTopicPrefix == null || compare != null)) {
            throw new IllegalArgumentException(compare != null ? "--compare writes its results and comparison to --out DIR: give one"
                    : "give --out DIR, or --out-topic-prefix with --bootstrap-servers");
        }
        return bootstrapServers == null ? new InputFiles(accounts, events, feedback)
                : new KafkaHistory(bootstrapServers, config.topics(), range.start(), range.end());
    }

    private OutputTopics outTopics(UpshiftConfig config) {
        if (outTopicPrefix == null) {
            return null;
        }
        if (bootstrapServers == null || compare != null || outDir != null) {
            throw new IllegalArgumentException("--out-topic-prefix writes one playbook's results back to the --bootstrap-servers cluster: "
                    + "use it with --bootstrap-servers, without --out or --compare");
        }
        return OutputTopics.prefixed(outTopicPrefix, config.topics());
    }

    /** {@code --from} and {@code --to}, checked: from before to. */
    private DayRange range() {
        return new DayRange(from, to);
    }

    /** What the history was, in words, for the comparison's page. */
    private String source() {
        if (bootstrapServers == null) {
            return "the files " + accounts.getFileName() + ", " + events.getFileName() + (feedback == null ? "" : ", " + feedback.getFileName());
        }
        return "the topics on " + bootstrapServers + " " + range().inWords();
    }
}
