package dev.upshift.local;

import dev.upshift.common.config.ConfigLoader;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.jobs.decisions.DecisionsJob;
import dev.upshift.jobs.runtime.FlinkSettings;
import dev.upshift.jobs.runtime.JobSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;

/** The catalog scenario (one account per playbook case) as the Kafka ITs use it: its records on the input topics. */
final class CatalogScenario {
    static final Path DIR = Path.of("src/test/resources/scenarios/catalog");

    private CatalogScenario() {}

    /**
     * The scenario live: an embedded broker with the inputs on their topics, and an embedded mail server that
     * delivery sends through and replies are read from.
     */
    static final class Live implements AutoCloseable {
        final EmbeddedKafka kafka;
        final EmbeddedMail mail;
        final UpshiftConfig config;
        final UpshiftConfig.Topics topics;
        final KafkaTopics client;

        Live(UpshiftConfig base, Path workDir) {
            kafka = EmbeddedKafka.start();
            mail = EmbeddedMail.start(workDir);
            config = base.withDelivery(mail.delivery(base.delivery(), owners()));
            topics = config.topics();
            kafka.createTopics(topics, 2);
            client = new KafkaTopics(kafka.bootstrapServers());
            produce(client, topics);
        }

        /** The decision job, bounded, as a new job with its own consumer group. */
        void runDecisions(String groupId) throws Exception {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.of(config));
            DecisionsJob.define(env, config, new JobSettings(kafka.bootstrapServers(), groupId, true));
            env.execute("Upshift IT: decisions " + groupId);
        }

        @Override
        public void close() {
            mail.close();
            kafka.close();
        }
    }

    /** The defaults with every topic named {@code prefix.<topic>}, so that tests sharing a broker never meet, plus {@code extra} YAML. */
    static UpshiftConfig config(String prefix, String extra) {
        return ConfigLoader.load(prefix, topicsYaml(prefix) + extra);
    }

    /** Every topic named {@code prefix.<topic>}, as config YAML. */
    static String topicsYaml(String prefix) {
        return Stream.of("events", "accounts", "feedback", "approvals", "signals", "offers", "drafts", "deliveries", "outcomes",
                "audit", "dlq", "suppressions").map(topic -> topic + ": " + prefix + "." + topic).collect(Collectors.joining(", ", "topics: {", "}\n"));
    }

    static List<String> lines(String file) {
        try {
            return Files.readAllLines(DIR.resolve(file)).stream().filter(line -> !line.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> owners() {
        return lines("accounts.jsonl").stream().map(line -> TestJson.parse(line).get("ownerId").asText()).distinct().toList();
    }

    static String ownerOf(String accountId) {
        return lines("accounts.jsonl").stream().map(TestJson::parse).filter(account -> account.get("accountId").asText().equals(accountId))
                .findFirst().orElseThrow().get("ownerId").asText();
    }

    /** Accounts, events and outcomes onto their topics, each keyed by account. */
    static void produce(KafkaTopics client, UpshiftConfig.Topics topics) {
        try (KafkaProducer<byte[], byte[]> producer = client.producer()) {
            produce(producer, topics.accounts(), lines("accounts.jsonl"));
            produce(producer, topics.events(), lines("events.jsonl"));
            produce(producer, topics.feedback(), lines("feedback.jsonl"));
        }
    }

    static void produce(KafkaProducer<byte[], byte[]> producer, String topic, List<String> records) {
        for (String record : records) {
            producer.send(KafkaTopics.record(topic, TestJson.parse(record).get("accountId").asText(), record));
        }
        producer.flush();
    }
}
