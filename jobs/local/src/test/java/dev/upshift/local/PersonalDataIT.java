package dev.upshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upshift.common.config.Delivery;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.mail.Addresses;
import dev.upshift.jobs.decisions.DecisionsJob;
import dev.upshift.jobs.delivery.RefusingSmtpServer;
import dev.upshift.jobs.runtime.FlinkSettings;
import dev.upshift.jobs.runtime.JobSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A canary address goes through everything that once leaked it: its account gets an offer whose mail the server
 * refuses with a 550 that echoes the address; a later record of the account is rejected with its contact, discount
 * and terms; another is not even JSON. After the run the address is nowhere: not in the dead letters, the audit, the
 * delivery ledger, any other output, or the log (captured at INFO, what a production log keeps).
 */
class PersonalDataIT {
    private static final String CANARY = "canary.person@customer.example";
    private static final String OWNER = "csm-canary";

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestClusters.miniCluster();

    @TempDir
    Path workDir;

    @Test
    void theCanaryAddressIsInNoOutputAndNoLogAfterItsAccountIsRejectedAndItsMailRefused() throws Exception {
        CapturedLog log = CapturedLog.atInfo();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); EmbeddedMail mail = EmbeddedMail.start(workDir);
                RefusingSmtpServer refusing = new RefusingSmtpServer()) {
            UpshiftConfig base = CatalogScenario.config("canary", "");
            UpshiftConfig config = base.withDelivery(sendingTo(mail.delivery(base.delivery(), List.of(OWNER)), refusing.port()));
            UpshiftConfig.Topics topics = config.topics();
            kafka.createTopics(topics, 1);
            KafkaTopics client = new KafkaTopics(kafka.bootstrapServers());
            String account = "{\"accountId\":\"canary-co\",\"name\":\"Canary Co\",\"planId\":\"starter\",\"status\":\"active\",\"ownerId\":\""
                    + OWNER + "\",\"startedAt\":\"2025-01-01T00:00:00Z\",\"discountPct\":20,\"terms\":{\"payment\":\"net60\"},"
                    + "\"contact\":{\"name\":\"Canary Person\",\"email\":\"" + CANARY + "\",\"timezone\":\"Europe/Berlin\"}}";
            try (KafkaProducer<byte[], byte[]> producer = client.producer()) {
                producer.send(KafkaTopics.record(topics.accounts(), "canary-co", account));
                producer.send(KafkaTopics.record(topics.events(), "canary-co", "{\"eventId\":\"ask-1\",\"accountId\":\"canary-co\","
                        + "\"type\":\"support_request\",\"capability\":\"saml\",\"occurredAt\":\"2026-03-03T10:00:00Z\"}"));
                producer.send(KafkaTopics.record(topics.accounts(), "canary-co", account.replace("\"starter\"", "\"platinum\"")));
                producer.send(KafkaTopics.record(topics.accounts(), "canary-co", account.substring(0, account.length() - 3)));
            }

            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.of(config));
            DecisionsJob.define(env, config, new JobSettings(kafka.bootstrapServers(), "canary", true));
            env.execute("Upshift personal data IT");

            List<String> deadLetters = client.readValues(topics.dlq());
            assertThat(deadLetters).map(TestJson::parse).extracting(letter -> letter.get("reason").asText())
                    .as("the mail was refused and both later records rejected").containsExactlyInAnyOrder("smtp_rejected", "unknown_plan",
                            "malformed_json");
            assertThat(deadLetters).map(TestJson::parse).filteredOn(letter -> letter.get("reason").asText().equals("smtp_rejected"))
                    .singleElement().satisfies(letter -> assertThat(letter.get("detail").asText())
                            .isEqualTo(String.format(RefusingSmtpServer.REFUSAL, Addresses.REDACTED)));
            assertThat(client.readValues(topics.deliveries())).anyMatch(record -> record.contains("\"status\":\"failed\""));
            for (String topic : List.of(topics.dlq(), topics.audit(), topics.deliveries(), topics.offers(), topics.signals(),
                    topics.drafts(), topics.suppressions())) {
                assertThat(client.readValues(topic)).as(topic).noneMatch(PersonalDataIT::namesTheCanary);
            }
        } finally {
            log.stop();
        }
        assertThat(log.lines()).as("the log at INFO").isNotEmpty().noneMatch(PersonalDataIT::namesTheCanary);
    }

    private static boolean namesTheCanary(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.contains("canary.person") || lower.contains("canary person") || lower.contains("net60");
    }

    /** The embedded mail server's delivery settings, sending to another server. */
    private static Delivery sendingTo(Delivery delivery, int smtpPort) {
        Delivery.Smtp smtp = delivery.smtp();
        return new Delivery(true, delivery.locale(), delivery.currency(), delivery.metricNames(), delivery.templates(), delivery.review(),
                delivery.sendWindow(), new Delivery.Smtp(smtp.host(), smtpPort, smtp.transport(), smtp.username(), smtp.passwordEnv(),
                        smtp.timeout(), smtp.attempts(), smtp.backoff(), smtp.connections()),
                delivery.unsubscribe(), delivery.llm(), delivery.replies(), delivery.identities());
    }

    /** Every log event of this JVM at INFO and above, message and stack trace, while it runs. */
    private static final class CapturedLog extends AbstractAppender {
        private final List<String> lines = new CopyOnWriteArrayList<>();
        private final Level previous;

        private CapturedLog(Level previous) {
            super("canary-capture", null, null, true, Property.EMPTY_ARRAY);
            this.previous = previous;
        }

        static CapturedLog atInfo() {
            LoggerConfig root = configuration().getRootLogger();
            CapturedLog log = new CapturedLog(root.getLevel());
            log.start();
            root.addAppender(log, Level.INFO, null);
            root.setLevel(Level.INFO);
            context().updateLoggers();
            return log;
        }

        @Override
        public void append(LogEvent event) {
            StringWriter text = new StringWriter().append(event.getMessage().getFormattedMessage());
            if (event.getThrown() != null) {
                event.getThrown().printStackTrace(new PrintWriter(text));
            }
            lines.add(text.toString());
        }

        List<String> lines() {
            return lines;
        }

        @Override
        public void stop() {
            LoggerConfig root = configuration().getRootLogger();
            root.removeAppender(getName());
            root.setLevel(previous);
            context().updateLoggers();
            super.stop();
        }

        private static LoggerContext context() {
            return (LoggerContext) LogManager.getContext(false);
        }

        private static Configuration configuration() {
            return context().getConfiguration();
        }
    }
}
