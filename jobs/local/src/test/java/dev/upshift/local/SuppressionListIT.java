package dev.upshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upshift.common.config.ConfigLoader;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.jobs.decisions.DecisionsJob;
import dev.upshift.jobs.runtime.FlinkSettings;
import dev.upshift.jobs.runtime.JobSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opt-outs through Kafka, on live jobs: four contacts unsubscribe; then one account churns and comes back, one is
 * deleted and recreated, one names its contact anew with the same address (in capitals); each one's next ask is
 * {@code suppressed}/{@code opted_out}. Then a second job starts without state, its feedback topic empty (as when
 * outcomes have aged out), and reads the suppression list from {@code upshift.suppressions} first: every account's
 * next ask is {@code opted_out} again. Last, {@code ./upshift lift-suppression} takes one contact off the list: the
 * running job audits the lift, and that account's next ask after the cooldown is requested.
 */
class SuppressionListIT {
    private static final String OVERLAY = """
            time: {sourceIdleness: PT3S}
            flink: {execution.checkpointing.interval: 1s}
            """;
    private static final List<String> ACCOUNTS = List.of("churn-co", "tomb-co", "rename-co", "fresh-co");
    private static final Instant UNSUBSCRIBED = Instant.parse("2026-03-02T09:00:00Z");

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestClusters.miniCluster();

    @Test
    void anOptOutSurvivesChurnATombstoneANewContactNameAndAStartWithoutStateUntilItIsLifted(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            KafkaTopics client = new KafkaTopics(kafka.bootstrapServers());
            UpshiftConfig first = CatalogScenario.config("optout", OVERLAY);
            kafka.createTopics(first.topics(), 1);
            try (KafkaProducer<byte[], byte[]> producer = client.producer()) {
                List<String> accounts = new ArrayList<>(ACCOUNTS.stream().map(id -> account(id, "Pat", "pat@" + id + ".example")).toList());
                accounts.add(account("clock", "Ops", "ops@clock.example"));
                CatalogScenario.produce(producer, first.topics().accounts(), accounts);
                CatalogScenario.produce(producer, first.topics().feedback(), ACCOUNTS.stream().map(id -> "{\"accountId\":\"" + id
                        + "\",\"outcome\":\"unsubscribed\",\"occurredAt\":\"" + UNSUBSCRIBED + "\"}").toList());
                CatalogScenario.produce(producer, first.topics().events(), ticks(UNSUBSCRIBED, "before"));
            }

            JobClient job = start(first, kafka, "optout-1");
            try {
                CatalogOnCluster.await(() -> client.readValues(first.topics().suppressions()).size() == ACCOUNTS.size(),
                        "the four unsubscribes on the suppression list");
                try (KafkaProducer<byte[], byte[]> producer = client.producer()) {
                    producer.send(KafkaTopics.record(first.topics().accounts(), "churn-co", account("churn-co", "Pat", "pat@churn-co.example")
                            .replace("\"active\"", "\"churned\"")));
                    producer.send(KafkaTopics.record(first.topics().accounts(), "churn-co", account("churn-co", "Pat", "pat@churn-co.example")));
                    producer.send(KafkaTopics.record(first.topics().accounts(), "tomb-co", null));
                    producer.send(KafkaTopics.record(first.topics().accounts(), "tomb-co", account("tomb-co", "Pat", "pat@tomb-co.example")));
                    producer.send(KafkaTopics.record(first.topics().accounts(), "rename-co",
                            account("rename-co", "Grace Hopper", "PAT@Rename-Co.example")));
                    producer.flush();
                    long accountRecords = client.count(first.topics().accounts());
                    // Committed with a completed checkpoint: every operator has seen them before the asks are read.
                    CatalogOnCluster.await(() -> client.committed("optout-1", first.topics().accounts()) >= accountRecords,
                            "the account changes read and checkpointed");
                    CatalogScenario.produce(producer, first.topics().events(), asks(List.of("churn-co", "tomb-co", "rename-co"), "2026-03-06T10:00:00Z"));
                    CatalogScenario.produce(producer, first.topics().events(), ticks(Instant.parse("2026-03-06T11:00:00Z"), "after"));
                }
                Map<String, String> decided = awaitDecisions(client, first.topics().offers(), 3);
                assertThat(decided).containsExactlyInAnyOrderEntriesOf(Map.of(
                        "churn-co", "suppressed opted_out", "tomb-co", "suppressed opted_out", "rename-co", "suppressed opted_out"));
            } finally {
                stop(job);
            }

            // The same accounts and suppression list; new events, an empty feedback topic, outputs of its own.
            UpshiftConfig second = ConfigLoader.load("optout2", CatalogScenario.topicsYaml("optout2")
                    .replace("optout2.accounts", "optout.accounts").replace("optout2.suppressions", "optout.suppressions") + OVERLAY);
            kafka.createTopics(second.topics(), 1);
            try (KafkaProducer<byte[], byte[]> producer = client.producer()) {
                CatalogScenario.produce(producer, second.topics().events(), asks(ACCOUNTS, "2026-03-13T10:00:00Z"));
                CatalogScenario.produce(producer, second.topics().events(), ticks(Instant.parse("2026-03-13T11:00:00Z"), "later"));
            }
            JobClient fresh = start(second, kafka, "optout-2");
            try {
                Map<String, String> decided = awaitDecisions(client, second.topics().offers(), ACCOUNTS.size());
                assertThat(decided).as("a start without state, and without the outcomes: the list alone").containsExactlyInAnyOrderEntriesOf(
                        Map.of("churn-co", "suppressed opted_out", "tomb-co", "suppressed opted_out", "rename-co", "suppressed opted_out",
                                "fresh-co", "suppressed opted_out"));
                assertThat(client.readValues(second.topics().suppressions())).as("read, not written again").hasSize(ACCOUNTS.size());
                assertThat(client.readValues(second.topics().audit())).map(TestJson::parse)
                        .extracting(record -> record.at("/decision/reason").asText()).containsOnly("opted_out");

                Path config = Files.writeString(dir.resolve("optout.yaml"), CatalogScenario.topicsYaml("optout"));
                assertThat(UpshiftCli.commandLine().execute("lift-suppression", "--bootstrap-servers", kafka.bootstrapServers(),
                        "--address", "Pat@Fresh-Co.example", "--by", "ana@vendor.example", "--reason", "asked to hear from us again",
                        "--account", "fresh-co", "--config", config.toString())).isZero();
                CatalogOnCluster.await(() -> client.readValues(second.topics().audit()).stream().anyMatch(line -> line.contains("\"lifted\"")),
                        "the lift applied and audited");
                try (KafkaProducer<byte[], byte[]> producer = client.producer()) {
                    // After the cooldown of the 13 March ask, which the offer decisions counted before the list overrode it.
                    CatalogScenario.produce(producer, second.topics().events(), asks(List.of("fresh-co"), "2026-04-20T10:00:00Z"));
                    CatalogScenario.produce(producer, second.topics().events(), ticks(Instant.parse("2026-04-20T11:00:00Z"), "lifted"));
                }
                CatalogOnCluster.await(() -> client.readValues(second.topics().offers()).size() > ACCOUNTS.size(), "the ask after the lift decided");
                assertThat(client.readValues(second.topics().offers()).subList(ACCOUNTS.size(), ACCOUNTS.size() + 1)).map(TestJson::parse)
                        .extracting(offer -> offer.get("accountId").asText() + " " + offer.get("status").asText() + " " + offer.path("reason").asText())
                        .containsExactly("fresh-co requested ");
                assertThat(client.readValues(second.topics().audit())).map(TestJson::parse).filteredOn(record -> record.has("suppression"))
                        .singleElement()
                        .satisfies(lift -> assertThat(lift.at("/suppression/by").asText()).isEqualTo("ana@vendor.example"))
                        .satisfies(lift -> assertThat(lift.get("accountId").asText()).isEqualTo("fresh-co"));
            } finally {
                stop(fresh);
            }
        }
    }

    private static JobClient start(UpshiftConfig config, EmbeddedKafka kafka, String groupId) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.of(config));
        DecisionsJob.define(env, config, new JobSettings(kafka.bootstrapServers(), groupId, false));
        return env.executeAsync("Upshift suppression list IT " + groupId);
    }

    /** Cancels a job and waits until it has ended, so that the next one gets its slots. */
    private static void stop(JobClient job) throws Exception {
        job.cancel().get();
        CatalogOnCluster.await(() -> job.getJobStatus().join().isGloballyTerminalState(), "job " + job.getJobID() + " ended");
    }

    /** The asks' decisions by account, once {@code count} accounts have one (read committed). */
    private static Map<String, String> awaitDecisions(KafkaTopics client, String offers, int count) {
        Map<String, String> decided = new TreeMap<>();
        CatalogOnCluster.await(() -> {
            decided.clear();
            for (String line : client.readValues(offers)) {
                JsonNode offer = TestJson.parse(line);
                decided.put(offer.get("accountId").asText(), offer.get("status").asText() + " " + offer.path("reason").asText());
            }
            return decided.size() >= count;
        }, count + " decisions on " + offers);
        return decided;
    }

    private static String account(String accountId, String contactName, String address) {
        return "{\"accountId\":\"" + accountId + "\",\"planId\":\"starter\",\"status\":\"active\",\"ownerId\":\"csm-optout\","
                + "\"startedAt\":\"2025-01-01T00:00:00Z\",\"contact\":{\"name\":\"" + contactName + "\",\"email\":\"" + address
                + "\",\"timezone\":\"Europe/Berlin\"}}";
    }

    private static List<String> asks(List<String> accountIds, String at) {
        return accountIds.stream().map(id -> "{\"eventId\":\"ask-" + id + "-" + at + "\",\"accountId\":\"" + id
                + "\",\"type\":\"support_request\",\"capability\":\"saml\",\"occurredAt\":\"" + at + "\"}").toList();
    }

    /** Page views of the clock account, hourly from {@code from}: enough of them to move the partition's clock past it. */
    private static List<String> ticks(Instant from, String label) {
        List<String> ticks = new ArrayList<>();
        for (int hour = 0; hour < 120; hour++) {
            ticks.add("{\"eventId\":\"tick-" + label + "-" + hour + "\",\"accountId\":\"clock\",\"type\":\"page_view\",\"occurredAt\":\""
                    + from.plusSeconds(3_600L * hour) + "\"}");
        }
        return ticks;
    }
}
