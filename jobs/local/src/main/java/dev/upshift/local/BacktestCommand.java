package dev.upshift.local;

import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.jobs.ConfigOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./upshift backtest}: what would the agent have done with these accounts and events? */
@Command(name = "backtest", mixinStandardHelpOptions = true,
        description = "Replay JSON-lines files (.jsonl or .jsonl.gz, in any order) through the job in event time and write "
                + "signals, offers, audit and dead letters.")
final class BacktestCommand implements Callable<Integer> {
    @Option(names = "--accounts", required = true, description = "Account records, one JSON object per line; an account's last line wins")
    Path accounts;

    @Option(names = "--events", required = true, description = "Usage events, one JSON object per line, in any order")
    Path events;

    @Option(names = "--feedback", description = "Offer outcomes (accepted, declined, ...), one JSON object per line, in any order; optional")
    Path feedback;

    @Option(names = "--out", required = true, description = "Directory for signals.jsonl, offers.jsonl, audit.jsonl and dlq.jsonl")
    Path outDir;

    @Mixin
    ConfigOption configOption;

    @Override
    public Integer call() throws Exception {
        for (Path input : new Path[] {accounts, events, feedback}) {
            if (input != null && !Files.isReadable(input)) {
                throw new IllegalArgumentException("cannot read input file " + input);
            }
        }
        UpshiftConfig config = configOption.load();
        Progress progress = new Progress();
        Path workDir = LocalFiles.temporaryDirectory("upshift-backtest-");
        try {
            Backtest.Result result = Backtest.run(new ReplayFile.Inputs(accounts, events, feedback), config, workDir, outDir, progress);
            progress.say(String.format("Wrote %,d signals, %,d offer decisions, %,d audit records and %,d dead letters to %s",
                    result.counts().get(Backtest.SIGNALS), result.counts().get(Backtest.OFFERS),
                    result.counts().get(Backtest.AUDIT), result.counts().get(Backtest.DLQ), outDir));
            progress.say(Summary.of(result));
        } finally {
            LocalFiles.deleteRecursively(workDir);
        }
        return 0;
    }
}
