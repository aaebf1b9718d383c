package dev.upshift.local;

import dev.upshift.common.config.ConfigException;
import dev.upshift.jobs.UpshiftJob;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./upshift}: the demo, the live job, backtests and the benchmark. */
@Command(name = "upshift", mixinStandardHelpOptions = true, version = "upshift 0.1.0",
        description = "Upshift: an upsell and cross-sell agent on Apache Flink.",
        subcommands = {DemoCommand.class, UpshiftJob.class, BacktestCommand.class, BenchCommand.class})
public final class UpshiftCli {
    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new UpshiftCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException || e instanceof IllegalArgumentException) {
                commandLine.getErr().println("upshift: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        System.exit(cli.execute(args));
    }
}
