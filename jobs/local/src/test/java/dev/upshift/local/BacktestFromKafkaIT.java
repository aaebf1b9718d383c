package dev.upshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upshift.common.config.ConfigLoader;
import dev.upshift.common.config.UpshiftConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./upshift backtest --bootstrap-servers --from --to} replays a time range of the retained topics and decides
 * exactly as a file backtest of the same records does. The catalog scenario is loaded into a real KRaft broker as a
 * live source would have written it: each day's events and outcomes arrive the next night in a batch, in no order,
 * over 3 partitions. One account changes plan after the range (the replay must use the account as it stood), and a
 * broken event inside the range must come out as a dead letter that names its topic, partition and offset.
 */
class BacktestFromKafkaIT {
    private static final Path CATALOG = Path.of("src/test/resources/scenarios/catalog");
    private static final LocalDate FROM = LocalDate.of(2026, 1, 8);
    private static final LocalDate TO = LocalDate.of(2026, 2, 1);
    private static final String BROKEN_EVENT = "{\"eventId\":\"broken\",\"accountId\":\"busy\",\"type\":\"usage\"";

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestClusters.miniCluster();

    private static EmbeddedKafka kafka;
    private static UpshiftConfig.Topics topics;

    @TempDir
    static Path dir;

    @BeforeAll
    static void loadHistory() throws IOException {
        kafka = EmbeddedKafka.start();
        topics = ConfigLoader.defaults().topics();
        kafka.createTopics(topics, 3);
        KafkaTopics client = new KafkaTopics(kafka.bootstrapServers());
        long beforeHistory = Instant.parse("2025-12-31T00:00:00Z").toEpochMilli();
        try (KafkaProducer<byte[], byte[]> producer = client.producer()) {
            for (String account : lines("accounts.jsonl")) {
                producer.send(KafkaTopics.record(topics.accounts(), TestJson.parse(account).get("accountId").asText(), account, beforeHistory));
            }
            // After the range: busy moves to business. As of --to it is still on starter, with starter's offers.
            String upgraded = lines("accounts.jsonl").stream().filter(line -> line.contains("\"busy\"")).findFirst().orElseThrow()
                    .replace("\"planId\":\"starter\"", "\"planId\":\"business\"");
            producer.send(KafkaTopics.record(topics.accounts(), "busy", upgraded, Instant.parse("2026-02-10T00:00:00Z").toEpochMilli()));
            for (Map.Entry<Long, List<String[]>> batch : nightlyBatches().entrySet()) {
                for (String[] record : batch.getValue()) {
                    producer.send(KafkaTopics.record(record[0], record[1], record[2], batch.getKey()));
                }
            }
        }
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void replaysTheRangeExactlyAsAFileBacktestOfTheSameRecords() throws IOException {
        Path fromKafka = dir.resolve("from-kafka");
        assertThat(run("--bootstrap-servers", kafka.bootstrapServers(), "--from", FROM.toString(), "--to", TO.toString(),
                "--out", fromKafka.toString())).isZero();

        // The same records as files: the accounts as they stood at --to, the batches that arrived in the range, reversed.
        Path files = dir.resolve("files");
        Files.createDirectories(files);
        Files.write(files.resolve("accounts.jsonl"), lines("accounts.jsonl"));
        List<String> events = new ArrayList<>();
        List<String> feedback = new ArrayList<>();
        nightlyBatches().forEach((arrival, batch) -> {
            if (arrival >= millis(FROM) && arrival < millis(TO)) {
                batch.forEach(record -> (record[0].equals(topics.events()) ? events : feedback).add(record[2]));
            }
        });
        Collections.reverse(events);
        Files.write(files.resolve("events.jsonl"), events);
        Files.write(files.resolve("feedback.jsonl"), feedback);
        Path fromFiles = dir.resolve("from-files");
        assertThat(run("--accounts", files.resolve("accounts.jsonl").toString(), "--events", files.resolve("events.jsonl").toString(),
                "--feedback", files.resolve("feedback.jsonl").toString(), "--out", fromFiles.toString())).isZero();

        for (String file : List.of(Backtest.SIGNALS, Backtest.OFFERS, Backtest.AUDIT)) {
            assertThat(Files.readAllLines(fromKafka.resolve(file))).as(file).isNotEmpty()
                    .containsExactlyElementsOf(Files.readAllLines(fromFiles.resolve(file)));
        }
        // The range matters: nothing the catalog decides before 01-07 or in February is there, except the weekly
        // rules' verdict on the range's last week (01-26 to 02-01), taken when its allowed day has passed (02-03).
        List<JsonNode> offers = Files.readAllLines(fromKafka.resolve(Backtest.OFFERS)).stream().map(TestJson::parse).toList();
        assertThat(offers).extracting(offer -> offer.get("decidedAt").asText())
                .allSatisfy(decidedAt -> assertThat(decidedAt).isBetween("2026-01-07", "2026-02-03T00:00:00Z"));
        assertThat(offers).filteredOn(offer -> offer.get("accountId").asText().equals("busy"))
                .extracting(offer -> offer.get("currentPlan").asText()).isNotEmpty().containsOnly("starter");
        List<JsonNode> deadLetters = Files.readAllLines(fromKafka.resolve(Backtest.DLQ)).stream().map(TestJson::parse).toList();
        assertThat(deadLetters).singleElement().satisfies(letter -> {
            assertThat(letter.get("reason").asText()).isEqualTo("malformed_json");
            assertThat(letter.get("source").get("topic").asText()).isEqualTo(topics.events());
            assertThat(letter.get("source").has("partition")).isTrue();
            assertThat(letter.get("source").has("offset")).isTrue();
        });
    }

    @Test
    void writesToItsOwnTopicsAndJoinsNoConsumerGroup() throws Exception {
        Path reference = dir.resolve("reference");
        assertThat(run("--bootstrap-servers", kafka.bootstrapServers(), "--from", FROM.toString(), "--to", TO.toString(),
                "--out", reference.toString())).isZero();
        assertThat(run("--bootstrap-servers", kafka.bootstrapServers(), "--from", FROM.toString(), "--to", TO.toString(),
                "--out-topic-prefix", "whatif.")).isZero();

        KafkaTopics client = new KafkaTopics(kafka.bootstrapServers());
        assertThat(client.readValues("whatif.offers")).containsExactlyElementsOf(Files.readAllLines(reference.resolve(Backtest.OFFERS)));
        assertThat(client.readValues("whatif.signals")).containsExactlyElementsOf(Files.readAllLines(reference.resolve(Backtest.SIGNALS)));
        for (String live : List.of(topics.signals(), topics.offers(), topics.audit(), topics.dlq(), topics.suppressions(), topics.drafts())) {
            assertThat(client.count(live)).as(live).isZero();
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            assertThat(admin.listGroups().all().get()).isEmpty();
        }

        StringWriter err = new StringWriter();
        CommandLine cli = UpshiftCli.commandLine();
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("backtest", "--bootstrap-servers", kafka.bootstrapServers(), "--out-topic-prefix", "upshift.")).isEqualTo(2);
        assertThat(err.toString()).contains("upshift: the topic prefix 'upshift.' would write to the live topic upshift.signals");
    }

    /**
     * Every event and outcome (and the broken event, on 01-20), by the night after its day, when its batch arrives; the
     * records of a batch shuffled, as an export job writes them.
     */
    private static Map<Long, List<String[]>> nightlyBatches() throws IOException {
        Map<Long, List<String[]>> batches = new TreeMap<>();
        List<String> events = new ArrayList<>(lines("events.jsonl"));
        events.add(BROKEN_EVENT + ",\"occurredAt\":\"2026-01-20T10:00:00Z\"");
        for (String event : events) {
            batches.computeIfAbsent(arrival(event), night -> new ArrayList<>()).add(new String[] {topics.events(), accountIdOf(event), event});
        }
        for (String outcome : lines("feedback.jsonl")) {
            batches.computeIfAbsent(arrival(outcome), night -> new ArrayList<>()).add(new String[] {topics.feedback(), accountIdOf(outcome), outcome});
        }
        Random random = new Random(18);
        batches.values().forEach(batch -> {
            batch.sort(Comparator.comparing(record -> record[2]));
            Collections.shuffle(batch, random);
        });
        return batches;
    }

    /** 02:00 UTC the day after the record's {@code occurredAt}, read from its text (the broken event has one too). */
    private static long arrival(String line) {
        int at = line.indexOf("\"occurredAt\":\"") + "\"occurredAt\":\"".length();
        LocalDate day = LocalDate.parse(line.substring(at, at + 10));
        return day.plusDays(1).atTime(2, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    /** The record's account, read from its text: the broken event cannot be parsed. */
    private static String accountIdOf(String line) {
        int at = line.indexOf("\"accountId\":\"") + "\"accountId\":\"".length();
        return line.substring(at, line.indexOf('"', at));
    }

    private static long millis(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    private static List<String> lines(String file) throws IOException {
        return Files.readAllLines(CATALOG.resolve(file)).stream().filter(line -> !line.isBlank()).toList();
    }

    private static int run(String... args) {
        List<String> command = new ArrayList<>(List.of("backtest"));
        command.addAll(List.of(args));
        return UpshiftCli.commandLine().execute(command.toArray(String[]::new));
    }
}
