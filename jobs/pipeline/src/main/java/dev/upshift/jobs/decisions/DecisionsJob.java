package dev.upshift.jobs.decisions;

import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.json.InputParser;
import dev.upshift.common.model.InputRecord;
import dev.upshift.common.vault.KeyRing;
import dev.upshift.jobs.delivery.DeliveryPreflight;
import dev.upshift.jobs.delivery.KafkaDeliveryJournal;
import dev.upshift.jobs.delivery.MailSink;
import dev.upshift.jobs.runtime.ConfigOption;
import dev.upshift.jobs.runtime.FlinkSettings;
import dev.upshift.jobs.runtime.JobSettings;
import dev.upshift.jobs.runtime.KafkaOptions;
import dev.upshift.jobs.runtime.Main;
import dev.upshift.jobs.runtime.Secrets;
import dev.upshift.jobs.runtime.io.InputKind;
import dev.upshift.jobs.runtime.io.KafkaInputDeserializer;
import dev.upshift.jobs.runtime.io.KafkaOutputs;
import dev.upshift.jobs.runtime.io.OutputTopics;
import dev.upshift.jobs.runtime.io.ShadowTopicsCreator;
import dev.upshift.jobs.runtime.io.Watermarks;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The decision job: its {@code main} (the application jar's main class, what a Flink cluster runs, and what
 * {@code ./upshift run} calls locally) and its wiring of {@link DecisionsTopology} to Kafka: the three input topics
 * and the suppression list in, the four output topics and the suppression list out, each written exactly once
 * (Kafka transactions committed with each checkpoint: read them with {@code isolation.level=read_committed});
 * with delivery on, also drafts for review out and mail to SMTP, journaled on the deliveries topic.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the Upshift job against Kafka, forever (or, with --bounded, up to the current end of the inputs).")
public final class DecisionsJob implements Callable<Integer> {
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
        Main.run(new DecisionsJob(), args);
    }

    @Override
    public Integer call() throws Exception {
        UpshiftConfig loaded = config.load();
        JobSettings settings = kafka.settings();
        if (shadowPrefix != null) {
            loaded = loaded.withDelivery(loaded.delivery().disabled());
            settings = new JobSettings(settings.bootstrapServers(), settings.groupId() + "-shadow", settings.bounded(),
                    OutputTopics.prefixed(shadowPrefix, loaded.topics()));
        }
        KeyRing.load(loaded.vault().keyFile(), Boolean.getBoolean(KeyRing.EPHEMERAL_PROPERTY)); // fail before submitting
        Secrets.agentSecret(loaded.delivery()); // the suppression list is keyed with it, delivery on or off
        DeliveryPreflight.check(loaded.delivery());
        if (settings.outputs() != null) {
            ShadowTopicsCreator.ensure(settings.bootstrapServers(), OutputTopics.live(loaded.topics()), settings.outputs());
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.of(loaded));
        DecisionsJob.define(env, loaded, settings);
        env.execute(jobName);
        return 0;
    }

    /**
     * A shadow job ({@code settings.outputs} set) reads the same inputs, the live suppression list included, and writes
     * its results only to its own topics; it must run with delivery off, so it never drafts, sends, or reads approvals.
     */
    public static void define(StreamExecutionEnvironment env, UpshiftConfig config, JobSettings settings) {
        if (settings.shadow() && config.delivery().enabled()) {
            throw new IllegalArgumentException("a shadow job never sends mail: run it with delivery off");
        }
        InputParser parser = new InputParser(config);
        UpshiftConfig.Topics topics = config.topics();
        DataStream<InputRecord> events = env.fromSource(
                        source(settings, topics.events(), InputKind.EVENTS, parser),
                        Watermarks.liveEvents(config.time()), "Kafka: " + topics.events())
                .uid("source-events");
        DataStream<InputRecord> accounts = env.fromSource(
                        source(settings, topics.accounts(), InputKind.ACCOUNTS, parser),
                        Watermarks.referenceData(config.time()), "Kafka: " + topics.accounts())
                .uid("source-accounts");

        DataStream<InputRecord> feedback = env.fromSource(
                        source(settings, topics.feedback(), InputKind.FEEDBACK, parser),
                        Watermarks.liveEvents(config.time()), "Kafka: " + topics.feedback())
                .uid("source-feedback");

        // Read first at a start without state, like the accounts: no decision passes the list before it is loaded.
        DataStream<InputRecord> suppressions = env.fromSource(
                        source(settings, topics.suppressions(), InputKind.SUPPRESSIONS, parser),
                        Watermarks.referenceData(config.time()), "Kafka: " + topics.suppressions())
                .uid("source-suppressions");

        List<DecisionsTopology.Input> inputs = new ArrayList<>(List.of(
                new DecisionsTopology.Input("events", events),
                new DecisionsTopology.Input("accounts", accounts),
                new DecisionsTopology.Input("feedback", feedback),
                new DecisionsTopology.Input("suppressions", suppressions)));
        if (config.delivery().enabled()) {
            inputs.add(new DecisionsTopology.Input("approvals", env.fromSource(
                            source(settings, topics.approvals(), InputKind.APPROVALS, parser),
                            Watermarks.liveEvents(config.time()), "Kafka: " + topics.approvals())
                    .uid("source-approvals")));
        }
        DecisionsTopology.Outputs outputs = DecisionsTopology.build(inputs, config);

        OutputTopics results = settings.shadow() ? settings.outputs() : OutputTopics.live(topics);
        KafkaOutputs sinks = new KafkaOutputs(settings.bootstrapServers(), settings.groupId());
        sinks.exactlyOnce(outputs.signals(), results.signals(), signal -> signal.accountId, "signals");
        sinks.exactlyOnce(outputs.offers(), results.offers(), offer -> offer.accountId, "offers");
        sinks.exactlyOnce(outputs.audit(), results.audit(), audit -> audit.accountId, "audit");
        sinks.exactlyOnce(outputs.deadLetters(), results.dlq(), letter -> letter.accountId, "dlq");
        sinks.exactlyOnce(outputs.suppressions(), results.suppressions(), entry -> entry.addressKey, "suppressions");
        if (outputs.mails() != null) {
            sinks.exactlyOnce(outputs.drafts(), topics.drafts(), draft -> draft.accountId, "drafts");
            outputs.mails()
                    .sinkTo(new MailSink(config, KafkaDeliveryJournal.factory(settings.bootstrapServers(), "offers", topics)))
                    .uid("sink-mail")
                    .name("SMTP: " + config.delivery().smtp().host())
                    // Sending blocks the committer until the mail server answers; in a task of its own it never blocks the send window.
                    .disableChaining();
        }
    }

    static KafkaSource<InputRecord> source(JobSettings settings, String topic, InputKind kind, InputParser parser) {
        KafkaSourceBuilder<InputRecord> builder = KafkaSource.<InputRecord>builder()
                .setBootstrapServers(settings.bootstrapServers())
                .setTopics(topic)
                .setGroupId(settings.groupId())
                .setStartingOffsets(OffsetsInitializer.earliest())
                // Outcomes are written in transactions: only committed ones count.
                .setProperty("isolation.level", "read_committed")
                .setDeserializer(new KafkaInputDeserializer(kind, parser));
        if (settings.bounded()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }
}
