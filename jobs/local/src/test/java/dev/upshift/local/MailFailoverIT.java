package dev.upshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upshift.common.config.ConfigLoader;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.json.InputParser;
import dev.upshift.common.mail.MailKeys;
import dev.upshift.common.model.InputRecord;
import dev.upshift.jobs.decisions.DecisionsTopology;
import dev.upshift.jobs.delivery.KafkaDeliveryJournal;
import dev.upshift.jobs.delivery.MailSink;
import dev.upshift.jobs.delivery.OutgoingMail;
import dev.upshift.jobs.runtime.FlinkSettings;
import dev.upshift.jobs.runtime.Secrets;
import dev.upshift.jobs.runtime.io.InputRecordType;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Effectively-once mail across a task failure: the catalog scenario runs with delivery on, checkpoints every
 * half second, and a failure is forced once some mails have reached the mail server, before the job is done.
 * After the restart from the last checkpoint, every requested offer has arrived exactly once; a re-submitted job
 * (fresh state, same delivery journal) sends none again.
 */
class MailFailoverIT {
    private static final Path CATALOG = Path.of("src/test/resources/scenarios/catalog");

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestClusters.miniCluster();

    private static EmbeddedKafka kafka;

    @TempDir
    Path workDir;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void everyOfferArrivesExactlyOnceAcrossAForcedFailure() throws Exception {
        UpshiftConfig base = ConfigLoader.load("failover", """
                topics: {deliveries: failover.deliveries, audit: failover.audit, dlq: failover.dlq, suppressions: failover.suppressions,
                         feedback: failover.feedback}
                flink:
                  execution.checkpointing.interval: 500ms
                  restart-strategy.type: fixed-delay
                  restart-strategy.fixed-delay.attempts: "3"
                  restart-strategy.fixed-delay.delay: 200ms
                """);
        kafka.createTopics(2, List.of("failover.deliveries", "failover.audit", "failover.dlq", "failover.suppressions", "failover.feedback"),
                List.of("failover.deliveries", "failover.suppressions"));
        try (EmbeddedMail mail = EmbeddedMail.start(workDir)) {
            UpshiftConfig config = base.withDelivery(mail.delivery(base.delivery(), owners()));
            FailOnceAfterMails.arm(mail, 3);

            runJob(config, true);

            assertThat(FailOnceAfterMails.receivedAtFailure.get()).as("mails received when the failure was forced").isBetween(3, 24);
            List<MimeMessage> received = mail.received();
            List<String> offerIds = received.stream().map(message -> MailSummary.header(message, OutgoingMail.OFFER_HEADER)).toList();
            assertThat(offerIds).containsExactlyInAnyOrderElementsOf(requestedOfferIds());
            MailKeys keys = new MailKeys(Secrets.agentSecret(config.delivery()));
            assertThat(received).extracting(MailFailoverIT::messageId).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(offerIds.stream().map(id -> keys.messageId(id, EmbeddedMail.DOMAIN)).toList());
            MimeMessage threaded = received.stream().filter(message -> MailSummary.header(message, "To").contains("api-wall@example.com"))
                    .findFirst().orElseThrow();
            assertThat(MailSummary.header(threaded, "In-Reply-To")).isEqualTo("<support-4711@helpdesk.example.com>");
            assertThat(MailSummary.header(threaded, "References")).isEqualTo("<support-4711@helpdesk.example.com>");

            KafkaTopics client = new KafkaTopics(kafka.bootstrapServers());
            Map<String, List<String>> journal = new TreeMap<>();
            client.readValues("failover.deliveries").stream().map(TestJson::parse).forEach(record ->
                    journal.computeIfAbsent(record.get("offerId").asText(), id -> new ArrayList<>()).add(record.get("status").asText()));
            assertThat(journal).hasSize(25).allSatisfy((offerId, states) -> assertThat(states).containsExactly("sending", "sent"));
            assertThat(client.readValues("failover.audit").stream().map(TestJson::parse)
                    .filter(audit -> audit.at("/delivery/stage").asText().equals("sent")).map(audit -> audit.get("auditId").asText()))
                    .hasSize(25).doesNotHaveDuplicates();

            ContractSchemaTest.assertValid("delivery", client.readValues("failover.deliveries"));
            ContractSchemaTest.assertValid("audit", client.readValues("failover.audit"));

            runJob(config, false);
            assertThat(mail.received()).as("a re-submitted job finds every offer in the journal").hasSize(25);
        }
    }

    /** The catalog scenario with delivery on, as a new job: no state but the delivery journal carries over. */
    private static void runJob(UpshiftConfig config, boolean forceFailure) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.of(config));
        ReplayFile replay = ReplayFile.write(new InputFiles(CATALOG.resolve("accounts.jsonl"), CATALOG.resolve("events.jsonl"),
                CATALOG.resolve("feedback.jsonl")), new InputParser(config), Files.createTempDirectory("upshift-failover-"), new Progress());
        List<DecisionsTopology.Input> inputs = new ArrayList<>(Backtest.inputs(env, replay, config));
        if (forceFailure) {
            inputs.set(0, new DecisionsTopology.Input("files", inputs.get(0).records()
                    .map(new FailOnceAfterMails()).returns(InputRecordType.INSTANCE).setParallelism(1).uid("failure-injection")));
        }
        DecisionsTopology.build(inputs, config).mails()
                .sinkTo(new MailSink(config, KafkaDeliveryJournal.factory(kafka.bootstrapServers(), "failover", config.topics())))
                .uid("sink-mail");
        env.execute("Upshift mail failover IT");
    }

    /** Paces the input so that checkpoints, and with them sends, happen while it is read; fails once, after {@code n} mails. */
    static final class FailOnceAfterMails implements MapFunction<InputRecord, InputRecord> {
        private static final AtomicBoolean failed = new AtomicBoolean();
        static final AtomicInteger receivedAtFailure = new AtomicInteger(-1);
        private static volatile EmbeddedMail server;
        private static volatile int mails;

        static void arm(EmbeddedMail mailServer, int afterMails) {
            server = mailServer;
            mails = afterMails;
            failed.set(false);
            receivedAtFailure.set(-1);
        }

        @Override
        public InputRecord map(InputRecord record) throws Exception {
            if (!failed.get()) {
                Thread.sleep(40);
                int received = server.received().size();
                if (received >= mails) {
                    failed.set(true);
                    receivedAtFailure.set(received);
                    throw new IllegalStateException("failure forced after " + received + " mails were sent");
                }
            }
            return record;
        }
    }

    private static List<String> owners() throws IOException {
        return Files.readAllLines(CATALOG.resolve("accounts.jsonl")).stream().filter(line -> !line.isBlank())
                .map(line -> TestJson.parse(line).get("ownerId").asText()).distinct().collect(Collectors.toList());
    }

    private static List<String> requestedOfferIds() throws IOException {
        return Files.readAllLines(CATALOG.resolve("expected/offers.jsonl")).stream().map(TestJson::parse)
                .filter(offer -> offer.get("status").asText().equals("requested")).map(offer -> offer.get("offerId").asText()).toList();
    }

    private static String messageId(MimeMessage message) {
        return MailSummary.header(message, "Message-ID");
    }

}
