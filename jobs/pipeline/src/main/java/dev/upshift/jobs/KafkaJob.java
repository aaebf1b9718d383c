package dev.upshift.jobs;

import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.json.InputParser;
import dev.upshift.common.model.InputRecord;
import dev.upshift.jobs.delivery.KafkaDeliveryJournal;
import dev.upshift.jobs.delivery.MailSink;
import dev.upshift.jobs.io.InputKind;
import dev.upshift.jobs.io.KafkaInputDeserializer;
import dev.upshift.jobs.io.KafkaOutputs;
import dev.upshift.jobs.io.OutputTopics;
import dev.upshift.jobs.io.Watermarks;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Wires the topology to Kafka: the three input topics and the suppression list in, the four output topics and the
 * suppression list out, each written exactly once
 * (Kafka transactions committed with each checkpoint: read them with {@code isolation.level=read_committed});
 * with delivery on, also drafts for review out and mail to SMTP, journaled on the deliveries topic.
 */
public final class KafkaJob {
    /**
     * @param bounded read each input up to the end offsets seen at start, then finish (demo and bench);
     *     otherwise run forever
     * @param outputs where the results go: the config's live topics, or a shadow job's own
     */
    public record Settings(String bootstrapServers, String groupId, boolean bounded, OutputTopics outputs) {
        /** The live job: its results on the config's topics. */
        public Settings(String bootstrapServers, String groupId, boolean bounded) {
            this(bootstrapServers, groupId, bounded, null);
        }

        boolean shadow() {
            return outputs != null;
        }
    }

    private KafkaJob() {}

    /**
     * A shadow job ({@code settings.outputs} set) reads the same inputs, the live suppression list included, and writes
     * its results only to its own topics; it must run with delivery off, so it never drafts, sends, or reads approvals.
     */
    public static void define(StreamExecutionEnvironment env, UpshiftConfig config, Settings settings) {
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

        List<UpshiftTopology.Input> inputs = new ArrayList<>(List.of(
                new UpshiftTopology.Input("events", events),
                new UpshiftTopology.Input("accounts", accounts),
                new UpshiftTopology.Input("feedback", feedback),
                new UpshiftTopology.Input("suppressions", suppressions)));
        if (config.delivery().enabled()) {
            inputs.add(new UpshiftTopology.Input("approvals", env.fromSource(
                            source(settings, topics.approvals(), InputKind.APPROVALS, parser),
                            Watermarks.liveEvents(config.time()), "Kafka: " + topics.approvals())
                    .uid("source-approvals")));
        }
        UpshiftTopology.Outputs outputs = UpshiftTopology.build(inputs, config);

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

    static KafkaSource<InputRecord> source(Settings settings, String topic, InputKind kind, InputParser parser) {
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
