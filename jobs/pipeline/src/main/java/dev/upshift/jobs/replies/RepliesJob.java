package dev.upshift.jobs.replies;

import dev.upshift.common.config.Delivery;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.model.DeliveryRecord;
import dev.upshift.jobs.delivery.KafkaDeliveryJournal;
import dev.upshift.jobs.delivery.MailSink;
import dev.upshift.jobs.replies.imap.MailboxSource;
import dev.upshift.jobs.replies.imap.ReceivedMail;
import dev.upshift.jobs.runtime.ConfigOption;
import dev.upshift.jobs.runtime.FlinkSettings;
import dev.upshift.jobs.runtime.JobSettings;
import dev.upshift.jobs.runtime.KafkaOptions;
import dev.upshift.jobs.runtime.Main;
import dev.upshift.jobs.runtime.Secrets;
import dev.upshift.jobs.runtime.io.DeliveryLedgerFormat;
import dev.upshift.jobs.runtime.io.KafkaOutputs;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The reply job: its {@code main} ({@code ./upshift replies} locally, or on a cluster
 * {@code flink run -c dev.upshift.jobs.replies.RepliesJob upshift.jar --bootstrap-servers …}) and its wiring of
 * {@link RepliesTopology} to IMAP, Kafka and SMTP. Every output topic is written exactly once (the decision job acts
 * on feedback); mails go through the same effectively-once mail sink as offers, journaled under transactional ids
 * of their own.
 */
@Command(name = "replies", mixinStandardHelpOptions = true,
        description = "Read the agents' mailboxes over IMAP, classify and act on replies, and feed outcomes back, forever "
                + "(or, with --bounded, up to each mailbox's current end).")
public final class RepliesJob implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Mixin
    ConfigOption config;

    @Option(names = "--job-name", defaultValue = "Upshift replies", description = "Flink job name (default: ${DEFAULT-VALUE})")
    String jobName;

    public static void main(String[] args) {
        Main.run(new RepliesJob(), args);
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

    /** Fails before the job starts when replies cannot be handled as configured. */
    public static void preflight(Delivery delivery) {
        if (!delivery.enabled()) {
            throw new IllegalArgumentException("replies need delivery.enabled: true, with the identities whose mailboxes to read");
        }
        delivery.identities().forEach((owner, identity) -> {
            if (identity.ownerAddress() == null) {
                throw new IllegalArgumentException("delivery.identities." + owner + ".ownerAddress is not set: hand-offs and "
                        + "\"yes\" notices go to the owner's own address (docs/replies.md)");
            }
        });
        Secrets.agentSecret(delivery);
    }

    public static void define(StreamExecutionEnvironment env, UpshiftConfig config, JobSettings settings) {
        define(env, config, settings, mailboxes(env, config.delivery(), settings.bounded()));
    }

    /** Every identity's mailbox, read over IMAP from the cursor in the source's state. */
    public static DataStream<ReceivedMail> mailboxes(StreamExecutionEnvironment env, Delivery delivery, boolean bounded) {
        return env.fromSource(new MailboxSource(delivery, bounded), WatermarkStrategy.noWatermarks(), "IMAP: " + delivery.replies().imap().host())
                .uid("source-mailboxes");
    }

    /** The reply loop over the given mail: the mailboxes, or (in tests) the mailboxes with a failure injected. */
    public static void define(StreamExecutionEnvironment env, UpshiftConfig config, JobSettings settings,
            DataStream<ReceivedMail> received) {
        Delivery delivery = config.delivery();
        UpshiftConfig.Topics topics = config.topics();
        DataStream<DeliveryRecord> ledger = env.fromSource(ledger(settings, topics.deliveries()), WatermarkStrategy.noWatermarks(),
                        "Kafka: " + topics.deliveries())
                .uid("source-delivery-ledger");
        RepliesTopology.Outputs outputs = RepliesTopology.build(received, ledger, config);

        KafkaOutputs sinks = new KafkaOutputs(settings.bootstrapServers(), settings.groupId() + "-replies");
        sinks.exactlyOnce(outputs.outcomes(), topics.outcomes(), outcome -> outcome.accountId, "outcomes");
        sinks.exactlyOnce(outputs.feedback(), topics.feedback(), feedback -> feedback.accountId, "feedback");
        sinks.exactlyOnce(outputs.audit(), topics.audit(), audit -> audit.accountId, "audit");
        sinks.exactlyOnce(outputs.deadLetters(), topics.dlq(), letter -> letter.accountId, "dlq");
        outputs.mails()
                .sinkTo(new MailSink(config, KafkaDeliveryJournal.factory(settings.bootstrapServers(), "replies", topics)))
                .uid("sink-mail")
                .name("SMTP: " + delivery.smtp().host())
                .disableChaining();
    }

    private static KafkaSource<DeliveryRecord> ledger(JobSettings settings, String topic) {
        KafkaSourceBuilder<DeliveryRecord> builder = KafkaSource.<DeliveryRecord>builder()
                .setBootstrapServers(settings.bootstrapServers())
                .setTopics(topic)
                .setGroupId(settings.groupId() + "-replies")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setProperty("isolation.level", "read_committed")
                .setDeserializer(KafkaRecordDeserializationSchema.valueOnly(new DeliveryLedgerFormat()));
        if (settings.bounded()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }
}
