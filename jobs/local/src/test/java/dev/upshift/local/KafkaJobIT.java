package dev.upshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshift.common.config.ConfigLoader;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.json.Json;
import dev.upshift.jobs.decisions.DecisionsJob;
import dev.upshift.jobs.runtime.FlinkSettings;
import dev.upshift.jobs.runtime.JobSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The live topology against a real KRaft broker: the boundary scenario produced to Kafka gives the same
 * signals, offers and audit records as the backtest, and every bad record reaches {@code upshift.dlq} with its Kafka
 * coordinates. Account records are produced after the events, so events wait for their accounts.
 */
class KafkaJobIT {
    private static final Path SCENARIO = Path.of("src/test/resources/scenarios/boundaries");
    private static final Path CATALOG = Path.of("src/test/resources/scenarios/catalog");

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestClusters.miniCluster();

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void producesTheBacktestsSignalsOffersAndDeadLetters() throws Exception {
        UpshiftConfig config = ConfigLoader.load(SCENARIO.resolve("config.yaml"));
        UpshiftConfig.Topics topics = config.topics();
        kafka.createTopics(topics, 2);
        KafkaTopics client = new KafkaTopics(kafka.bootstrapServers());
        // The late event is judged against a periodic watermark here; the backtest pins it down deterministically.
        List<String> events = lines("events.jsonl").stream().filter(line -> !line.contains("\"late-1\"")).toList();
        try (KafkaProducer<byte[], byte[]> producer = client.producer()) {
            for (String event : events) {
                producer.send(KafkaTopics.record(topics.events(), accountIdOf(event), event));
            }
            producer.flush();
            for (String account : lines("accounts.jsonl")) {
                producer.send(KafkaTopics.record(topics.accounts(), accountIdOf(account), account));
            }
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.of(config));
        DecisionsJob.define(env, config, new JobSettings(kafka.bootstrapServers(), "kafka-job-it", true));
        env.execute("Upshift Kafka IT");

        assertThat(client.readValues(topics.signals())).containsExactlyInAnyOrderElementsOf(expected("signals.jsonl"));
        assertThat(client.readValues(topics.offers())).containsExactlyInAnyOrderElementsOf(expected("offers.jsonl"));
        assertThat(client.readValues(topics.audit())).containsExactlyInAnyOrderElementsOf(expected("audit.jsonl").stream()
                .map(line -> line.replace("${configVersion}", config.version())).toList());
        List<JsonNode> deadLetters = client.readValues(topics.dlq()).stream().map(TestJson::parse).toList();
        assertThat(deadLetters).extracting(letter -> letter.get("reason").asText()).containsExactlyInAnyOrder(
                "missing_plan", "unknown_plan", "malformed_json", "missing_field", "invalid_timestamp", "invalid_timestamp",
                "invalid_number", "future_event", "negative_quantity", "negative_value", "usage_without_amount", "invalid_field",
                "unknown_account");
        assertThat(deadLetters).allSatisfy(letter -> {
            assertThat(letter.at("/source/topic").asText()).isIn(topics.events(), topics.accounts());
            assertThat(letter.at("/source/offset").isNumber()).isTrue();
            assertThat(letter.get("payload").asText()).isNotEmpty();
        });
    }

    /** Outcomes on the feedback topic apply in event time as in the backtest: pauses, withdrawals, learned ranking. */
    @Test
    void decidesTheCatalogScenarioFromThreeTopicsAsTheBacktestDoes() throws Exception {
        UpshiftConfig config = ConfigLoader.load("catalog-topics", """
                topics: {events: catalog.events, accounts: catalog.accounts, feedback: catalog.feedback,
                         signals: catalog.signals, offers: catalog.offers, audit: catalog.audit, dlq: catalog.dlq,
                         suppressions: catalog.suppressions}
                """);
        UpshiftConfig.Topics topics = config.topics();
        kafka.createTopics(topics, 2);
        KafkaTopics client = new KafkaTopics(kafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = client.producer()) {
            produce(producer, topics.accounts(), lines(CATALOG, "accounts.jsonl"));
            produce(producer, topics.events(), lines(CATALOG, "events.jsonl"));
            produce(producer, topics.feedback(), lines(CATALOG, "feedback.jsonl"));
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.of(config));
        DecisionsJob.define(env, config, new JobSettings(kafka.bootstrapServers(), "kafka-job-it-catalog", true));
        env.execute("Upshift Kafka IT: catalog");

        assertThat(client.readValues(topics.signals())).containsExactlyInAnyOrderElementsOf(expected(CATALOG, "signals.jsonl"));
        assertThat(client.readValues(topics.offers())).containsExactlyInAnyOrderElementsOf(expected(CATALOG, "offers.jsonl"));
    }

    private static void produce(KafkaProducer<byte[], byte[]> producer, String topic, List<String> records) {
        for (String record : records) {
            producer.send(KafkaTopics.record(topic, accountIdOf(record), record));
        }
        producer.flush();
    }

    private static List<String> expected(String file) throws IOException {
        return expected(SCENARIO, file);
    }

    private static List<String> expected(Path scenario, String file) throws IOException {
        return Files.readAllLines(scenario.resolve("expected").resolve(file));
    }

    private static List<String> lines(String file) throws IOException {
        return lines(SCENARIO, file);
    }

    private static List<String> lines(Path scenario, String file) throws IOException {
        return Files.readAllLines(scenario.resolve(file)).stream().filter(line -> !line.isBlank()).collect(Collectors.toList());
    }

    private static String accountIdOf(String line) {
        try {
            JsonNode node = Json.MAPPER.readTree(line);
            return node instanceof ObjectNode && node.hasNonNull("accountId") ? node.get("accountId").asText() : null;
        } catch (IOException e) {
            return null; // malformed on purpose: produced without a key
        }
    }

}
