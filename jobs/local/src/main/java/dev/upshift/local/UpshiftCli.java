package dev.upshift.local;

import dev.upshift.common.config.ConfigException;
import dev.upshift.console.CompareCommand;
import dev.upshift.console.ConsoleCommand;
import dev.upshift.console.ReportCommand;
import dev.upshift.jobs.decisions.DecisionsJob;
import dev.upshift.jobs.replies.RepliesJob;
import dev.upshift.jobs.unsubscribe.LiftSuppressionCommand;
import dev.upshift.jobs.unsubscribe.UnsubscribeServerCommand;
import dev.upshift.local.cluster.ClusterCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./upshift}: the demo, the live job, backtests, the benchmark, the config check, the unsubscribe endpoint, lifting a
 * suppression and the reply classifier, the demo on a standalone Flink cluster, and the console and its report. */
@Command(name = "upshift", mixinStandardHelpOptions = true, version = "upshift 0.1.0",
        description = "Upshift: an upsell and cross-sell agent on Apache Flink.",
        subcommands = {DemoCommand.class, DecisionsJob.class, BacktestCommand.class, BenchCommand.class, CheckConfigCommand.class,
                UnsubscribeServerCommand.class, LiftSuppressionCommand.class, ClassifyReplyCommand.class, RepliesJob.class,
                ClusterCommand.class, ConsoleCommand.class, ReportCommand.class, CompareCommand.class})
public final class UpshiftCli {
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The CLI as users get it: bad input (config, files, arguments) is one clear line and exit code 2. */
    public static CommandLine commandLine() {
        return new CommandLine(new UpshiftCli()).setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException || e instanceof IllegalArgumentException) {
                e.getMessage().lines().forEach(line -> commandLine.getErr().println("upshift: " + line));
                return 2;
            }
            throw e;
        });
    }
}
