package dev.upshift.jobs;

import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.vault.KeyRing;
import dev.upshift.jobs.delivery.DeliveryPreflight;
import dev.upshift.jobs.delivery.Secrets;
import dev.upshift.jobs.io.OutputTopics;
import dev.upshift.jobs.io.ShadowTopicsCreator;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The entry point a Flink cluster runs (the application jar's main class), and what {@code ./upshift run}
 * calls locally: the full topology against a real Kafka.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the Upshift job against Kafka, forever (or, with --bounded, up to the current end of the inputs).")
public final class UpshiftJob implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Mixin
    ConfigOption config;

    @Option(names = "--job-name", defaultValue = "Upshift", description = "Flink job name (default: ${DEFAULT-VALUE})")
    String jobName;

    @Option(names = "--shadow", arity = "0..1", fallbackValue = "shadow.", paramLabel = "PREFIX",
            description = "Run this playbook beside the live job without acting: read the same inputs, write results only to "
                    + "PREFIX-named topics (PREFIXsignals, PREFIXoffers, ...; PREFIX defaults to 'shadow.'), as consumer group "
                    + "<group-id>-shadow; never send mail, and never write feedback, approvals or the live suppression list")
    String shadowPrefix;

    public static void main(String[] args) {
        Main.run(new UpshiftJob(), args);
    }

    @Override
    public Integer call() throws Exception {
        UpshiftConfig loaded = config.load();
        KafkaJob.Settings settings = kafka.settings();
        if (shadowPrefix != null) {
            loaded = loaded.withDelivery(loaded.delivery().disabled());
            settings = new KafkaJob.Settings(settings.bootstrapServers(), settings.groupId() + "-shadow", settings.bounded(),
                    OutputTopics.prefixed(shadowPrefix, loaded.topics()));
        }
        KeyRing.load(loaded.vault().keyFile(), Boolean.getBoolean(KeyRing.EPHEMERAL_PROPERTY)); // fail before submitting
        Secrets.agentSecret(loaded.delivery()); // the suppression list is keyed with it, delivery on or off
        DeliveryPreflight.check(loaded.delivery());
        if (settings.outputs() != null) {
            ShadowTopicsCreator.ensure(settings.bootstrapServers(), OutputTopics.live(loaded.topics()), settings.outputs());
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.of(loaded));
        KafkaJob.define(env, loaded, settings);
        env.execute(jobName);
        return 0;
    }
}
