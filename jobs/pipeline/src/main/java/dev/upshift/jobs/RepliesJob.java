package dev.upshift.jobs;

import dev.upshift.common.config.Delivery;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.model.DeliveryRecord;
import dev.upshift.jobs.delivery.KafkaDeliveryJournal;
import dev.upshift.jobs.delivery.MailSink;
import dev.upshift.jobs.delivery.Secrets;
import dev.upshift.jobs.io.DeliveryLedgerFormat;
import dev.upshift.jobs.io.KafkaOutputs;
import dev.upshift.jobs.replies.imap.MailboxSource;
import dev.upshift.jobs.replies.imap.ReceivedMail;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Wires the reply loop to IMAP, Kafka and SMTP. Every output topic is written exactly once (the decision job acts
 * on feedback); mails go through the same effectively-once mail sink as offers, journaled under transactional ids
 * of their own.
 */
public final class RepliesJob {
    private RepliesJob() {}

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

    public static void define(StreamExecutionEnvironment env, UpshiftConfig config, KafkaJob.Settings settings) {
        define(env, config, settings, mailboxes(env, config.delivery(), settings.bounded()));
    }

    /** Every identity's mailbox, read over IMAP from the cursor in the source's state. */
    public static DataStream<ReceivedMail> mailboxes(StreamExecutionEnvironment env, Delivery delivery, boolean bounded) {
        return env.fromSource(new MailboxSource(delivery, bounded), WatermarkStrategy.noWatermarks(), "IMAP: " + delivery.replies().imap().host())
                .uid("source-mailboxes");
    }

    /** The reply loop over the given mail: the mailboxes, or (in tests) the mailboxes with a failure injected. */
    public static void define(StreamExecutionEnvironment env, UpshiftConfig config, KafkaJob.Settings settings,
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

    private static KafkaSource<DeliveryRecord> ledger(KafkaJob.Settings settings, String topic) {
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
