package dev.upshift.jobs;

import dev.upshift.common.config.UpshiftConfig;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The reply loop as a job of its own, from the same jar: {@code ./upshift replies} locally, or on a cluster with
 * {@code flink run -c dev.upshift.jobs.RepliesCommand upshift.jar --bootstrap-servers …}.
 */
@Command(name = "replies", mixinStandardHelpOptions = true,
        description = "Read the agents' mailboxes over IMAP, classify and act on replies, and feed outcomes back, forever "
                + "(or, with --bounded, up to each mailbox's current end).")
public final class RepliesCommand implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Mixin
    ConfigOption config;

    @Option(names = "--job-name", defaultValue = "Upshift replies", description = "Flink job name (default: ${DEFAULT-VALUE})")
    String jobName;

    public static void main(String[] args) {
        Main.run(new RepliesCommand(), args);
    }

    @Override
    public Integer call() throws Exception {
        UpshiftConfig loaded = config.load();
        RepliesJob.preflight(loaded.delivery());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.of(loaded));
        RepliesJob.define(env, loaded, kafka.settings());
        env.execute(jobName);
        return 0;
    }
}
