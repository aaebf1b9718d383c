package dev.upshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.json.InputParser;
import dev.upshift.jobs.decisions.DecisionsJob;
import dev.upshift.local.cluster.FlinkRest;
import dev.upshift.local.cluster.StandaloneCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.jar.JarFile;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Fault tests on a real Flink 2.2 session cluster, the one {@code docker/standalone/cluster.sh} runs: a JobManager
 * and a TaskManager in JVMs of their own, a Kafka broker process and GreenMail, both jobs submitted as the
 * application jar over REST. Each test appends its figures to {@code target/fault-tests.md} (docs/fault-tests.md
 * quotes them).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterIT {
    private static final Path FIGURES = Path.of("target/fault-tests.md");
    /** Kept after the run, so that a failure's logs (JobManager, TaskManagers, broker) can be read; cleared at the next start. */
    private static final Path CLUSTER_DIR = Path.of("target/standalone-cluster-it").toAbsolutePath();
    private static final Duration SMTP_OUTAGE = Duration.ofMinutes(1);

    private static StandaloneCluster cluster;

    @BeforeAll
    static void startCluster() throws IOException {
        LocalFiles.deleteRecursively(CLUSTER_DIR);
        long started = System.nanoTime();
        cluster = StandaloneCluster.start(CLUSTER_DIR, message -> System.out.println("[cluster] " + message));
        Files.writeString(FIGURES, String.format("Cluster started in %.1f s (JobManager, TaskManager, Kafka broker, GreenMail).%n%n",
                seconds(System.nanoTime() - started)));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void theApplicationJarHasItsMainClassAndNoBrokerMailServerOrTestCode() throws IOException {
        Path jar;
        try (var files = Files.list(Path.of("../pipeline/target"))) {
            jar = files.filter(file -> file.toString().endsWith("-flink-app.jar")).findFirst().orElseThrow();
        }
        try (JarFile app = new JarFile(jar.toFile())) {
            assertThat(app.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo(DecisionsJob.class.getName());
            List<String> entries = app.stream().map(entry -> entry.getName()).toList();
            assertThat(entries).contains("dev/upshift/jobs/decisions/DecisionsJob.class", "dev/upshift/jobs/replies/RepliesJob.class",
                    "org/apache/flink/connector/kafka/source/KafkaSource.class", "org/apache/flink/cep/CEP.class");
            assertThat(entries).noneMatch(entry -> entry.startsWith("kafka/server/") || entry.startsWith("com/icegreen/")
                    || entry.startsWith("dev/upshift/local/") || entry.startsWith("org/junit/")
                    || entry.startsWith("dev/upshift/") && (entry.endsWith("Test.class") || entry.endsWith("IT.class"))
                    || entry.startsWith("org/apache/flink/runtime/") || entry.startsWith("org/apache/flink/streaming/api/environment/"));
        }
    }

    @Test
    @Order(2)
    void aTaskManagerKilledMidStreamLosesNothingAndRepeatsNothing() throws Exception {
        CatalogOnCluster run = CatalogOnCluster.start(cluster, "tmkill", "");
        run.awaitOfferMails(3);
        run.answer(2);
        run.awaitOutcomes(1);
        run.awaitMailQuiet(Duration.ofSeconds(1));

        Recovery recovery = midStream(run, () -> {
            cluster.killTaskManager();
            cluster.startTaskManager();
        }, 4);

        CatalogOnCluster.Checked checked = run.assertExactlyOnce();
        assertThat(checked.replies()).isEqualTo(6);
        assertThat(cluster.rest().restarts(run.decisions)).as("decision job restarts").isGreaterThanOrEqualTo(1);
        report("1. TaskManager killed (kill -9) mid-stream", checked, String.format(
                "new TaskManager registered %.1f s after the kill; both jobs running again after %.1f s; the decision job's "
                        + "first checkpoint after the kill completed after %.1f s; restarts: decision job %d, reply job %d",
                recovery.fault(), recovery.running(), recovery.checkpointed(), cluster.rest().restarts(run.decisions),
                cluster.rest().restarts(run.replies)));
    }

    @Test
    @Order(3)
    void aBrokerRestartMidStreamLosesNothingAndRepeatsNothing() throws Exception {
        CatalogOnCluster run = CatalogOnCluster.start(cluster, "broker", "");
        run.awaitOfferMails(3);
        run.answer(2);
        run.awaitOutcomes(1);

        Recovery recovery = midStream(run, cluster::restartBroker, 2);

        CatalogOnCluster.Checked checked = run.assertExactlyOnce();
        assertThat(checked.replies()).isEqualTo(4);
        report("2. Kafka broker restarted mid-stream", checked, String.format(
                "broker stopped and back in %.1f s; both jobs running with a checkpoint completed %.1f s after the stop; "
                        + "restarts: decision job %d, reply job %d",
                recovery.fault(), recovery.checkpointed(), cluster.rest().restarts(run.decisions), cluster.rest().restarts(run.replies)));
    }

    @Test
    @Order(4)
    void aPoisonBurstGoesToTheDeadLettersWithoutARestartOrASlowdown() throws Exception {
        String prefix = "poison";
        StandaloneCluster.JobConfig job = cluster.jobConfig(prefix, List.of(CatalogScenario.topicsYaml(prefix),
                "time: {sourceIdleness: PT2S}\nflink: {execution.checkpointing.interval: 1s}\n"), List.of());
        UpshiftConfig.Topics topics = job.config().topics();
        KafkaTopics client = cluster.topics();
        client.createTopics(topics, 2);
        client.setTopicConfig(topics.events(), "max.message.bytes", String.valueOf(4 * 1024 * 1024));
        DemoData.Data data = DemoData.generate(1000);
        List<DemoData.Record> events = data.events();
        Map<String, String> poisonReasons = new TreeMap<>();
        Map<String, Integer> oversizedBytes = new TreeMap<>();
        try (KafkaProducer<byte[], byte[]> producer = largeRecordProducer()) {
            data.accounts().forEach(account -> producer.send(KafkaTopics.record(topics.accounts(), account.key(), account.value())));
            events.subList(0, events.size() / 2).forEach(event -> producer.send(KafkaTopics.record(topics.events(), event.key(), event.value())));
            producer.flush();
            for (int i = 0; i < 200; i++) {
                String payload = i % 2 == 0 ? "{\"eventId\":\"poison-" + i + "\",\"accountId\":" : "not json at all " + i;
                poisonReasons.put(coordinates(send(producer, topics.events(), "acct-" + i, payload)), "malformed_json");
            }
            for (int i = 0; i < 10; i++) {
                String payload = "{\"eventId\":\"huge-" + i + "\",\"accountId\":\"acct-00001\",\"type\":\"usage\",\"blob\":\""
                        + "z".repeat(InputParser.MAX_RECORD_BYTES / 2 * 3 + i) + "\"}";
                String at = coordinates(send(producer, topics.events(), "acct-huge-" + i, payload));
                poisonReasons.put(at, "record_too_large");
                oversizedBytes.put(at, payload.length());
            }
            events.subList(events.size() / 2, events.size()).forEach(event -> producer.send(KafkaTopics.record(topics.events(), event.key(), event.value())));
        }
        long total = events.size() + poisonReasons.size();

        String jobId = cluster.submit(DecisionsJob.class.getName(), List.of("--bootstrap-servers", cluster.bootstrapServers(), "--config",
                job.file().toString(), "--group-id", prefix, "--job-name", prefix), 2, null);
        cluster.awaitRunning(jobId, CatalogOnCluster.PATIENCE);
        List<double[]> samples = sampleThroughput(jobId, () -> client.committed(prefix, topics.events()) >= total);

        assertThat(cluster.rest().restarts(jobId)).as("restarts").isZero();
        assertThat(cluster.rest().jobState(jobId)).isEqualTo("RUNNING");
        Map<String, String> deadLetterReasons = new TreeMap<>();
        Map<String, Integer> deadLetterBytes = new TreeMap<>();
        for (String line : client.readValues(topics.dlq())) {
            JsonNode letter = TestJson.parse(line);
            String at = letter.at("/source/partition").asText() + "@" + letter.at("/source/offset").asText();
            if (poisonReasons.containsKey(at)) {
                assertThat(deadLetterReasons.put(at, letter.get("reason").asText())).as("one dead letter for " + at).isNull();
                if (letter.has("payloadBytes")) {
                    deadLetterBytes.put(at, letter.get("payloadBytes").asInt());
                    assertThat(letter.get("payload").asText()).hasSize(65_536);
                }
            }
        }
        assertThat(deadLetterReasons).isEqualTo(poisonReasons);
        assertThat(deadLetterBytes).isEqualTo(oversizedBytes);
        Throughput throughput = Throughput.of(samples, oversizedBytes.size());
        cluster.rest().cancel(jobId);
        assertThat(throughput.acrossBurst()).as("events/s across the burst against before it (%s)", throughput)
                .isGreaterThan(throughput.before() / 2);
        appendFigures("3. Poison burst (200 malformed records, 10 of 1.5 MiB) between two halves of " + String.format("%,d", events.size())
                + " events", String.format("%d poison records, each dead-lettered once at its partition and offset (malformed_json 200, "
                + "record_too_large 10, their payloads cut to 64 KiB); restarts 0; events/s before the burst %,.0f, in the samples "
                + "across it %,.0f, after it %,.0f; duplicates found 0", poisonReasons.size(), throughput.before(),
                throughput.acrossBurst(), throughput.after()));
    }

    @Test
    @Order(5)
    void anSmtpOutageOfAMinuteDelaysMailButLosesNoneAndSendsNoneTwice() throws Exception {
        CatalogOnCluster run = CatalogOnCluster.start(cluster, "smtp", "");
        run.awaitOfferMails(3);
        run.awaitMailQuiet(Duration.ofSeconds(1));
        int beforeOutage = cluster.mail().received().size();

        cluster.mail().stopSmtp();
        long downAt = System.nanoTime();
        run.streamTheRest(Duration.ofSeconds(5)).get();
        CatalogOnCluster.sleep(SMTP_OUTAGE.minusNanos(System.nanoTime() - downAt));
        assertThat(cluster.mail().received()).as("nothing arrives while SMTP is down").hasSize(beforeOutage);
        cluster.mail().startSmtp();
        long upAt = System.nanoTime();
        run.finish();
        double allDelivered = seconds(System.nanoTime() - upAt);

        CatalogOnCluster.Checked checked = run.assertExactlyOnce();
        long deferred = run.journaled("deferred");
        assertThat(deferred).as("mails the outage deferred").isPositive();
        report("4. SMTP server down for " + SMTP_OUTAGE.toSeconds() + " s", checked, String.format(
                "%d offer mails before the outage, none during it; %d sends journaled deferred and retried; all %d offer mails "
                        + "at the server %.1f s after SMTP came back (with the end-of-stream tick and two checkpoints); restarts: "
                        + "decision job %d", beforeOutage, deferred, checked.offerMails(), allDelivered, cluster.rest().restarts(run.decisions)));
    }

    /**
     * Seconds from a fault's start: until the fault was over (a new TaskManager registered, the broker back), until
     * both jobs ran again, and until the decision job next completed a checkpoint.
     */
    private record Recovery(double fault, double running, double checkpointed) {}

    /**
     * Streams the rest of the events and, a second in, injects {@code fault}; waits until both jobs have recovered,
     * has customers answer {@code answersAfter} more offer mails, and finishes the run.
     */
    private static Recovery midStream(CatalogOnCluster run, Runnable fault, int answersAfter) throws Exception {
        CompletableFuture<Void> theRest = run.streamTheRest(Duration.ofSeconds(6));
        CatalogOnCluster.sleep(Duration.ofSeconds(1));
        long faultAt = System.currentTimeMillis();
        fault.run();
        Recovery recovery = awaitRecovery(run, faultAt, secondsSince(faultAt));
        theRest.get();
        run.answer(answersAfter);
        run.finish();
        return recovery;
    }

    private static Recovery awaitRecovery(CatalogOnCluster run, long faultAt, double faultSeconds) {
        FlinkRest rest = cluster.rest();
        long checkpointsAtFault = rest.completedCheckpoints(run.decisions);
        CatalogOnCluster.await(() -> runningSince(run.decisions, faultAt) && runningSince(run.replies, faultAt)
                || rest.restarts(run.decisions) == 0 && rest.isFullyRunning(run.decisions) && rest.isFullyRunning(run.replies)
                        && rest.completedCheckpoints(run.decisions) > checkpointsAtFault, "both jobs running after the fault");
        double running = secondsSince(faultAt);
        long checkpoints = rest.completedCheckpoints(run.decisions);
        CatalogOnCluster.await(() -> rest.completedCheckpoints(run.decisions) > checkpoints, "a checkpoint after the recovery");
        return new Recovery(faultSeconds, running, secondsSince(faultAt));
    }

    private static boolean runningSince(String jobId, long since) {
        return cluster.rest().enteredAt(jobId, "RUNNING") > since && cluster.rest().isFullyRunning(jobId);
    }

    /** Samples (seconds, usage events read, records over the size limit read) every second until {@code done}. */
    private static List<double[]> sampleThroughput(String jobId, BooleanSupplier done) {
        List<double[]> samples = new ArrayList<>();
        long start = System.nanoTime();
        long deadline = start + CatalogOnCluster.PATIENCE.toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("the backlog read within " + CatalogOnCluster.PATIENCE).isLessThan(deadline);
            samples.add(new double[] {seconds(System.nanoTime() - start), cluster.rest().sumOfMetric(jobId, "upshift.kind.event.recordsIn"),
                    cluster.rest().sumOfMetric(jobId, "upshift.reason.record_too_large.deadLetters")});
            CatalogOnCluster.sleep(Duration.ofSeconds(1));
        }
        return samples;
    }

    /**
     * Events per second before the first oversized record was read, across the burst (from the sample before it to
     * two after the last, as REST metrics are up to a second stale), and after it until the last event was read.
     */
    private record Throughput(double before, double acrossBurst, double after) {
        static Throughput of(List<double[]> samples, int oversized) {
            int firstWithEvents = indexWhere(samples, sample -> sample[1] > 0, "events were read");
            int lastBefore = Math.max(firstWithEvents, indexWhere(samples, sample -> sample[2] > 0, "an oversized record was read") - 1);
            int allRead = indexWhere(samples, sample -> sample[2] >= oversized, "every oversized record was read");
            double allEvents = samples.get(samples.size() - 1)[1];
            int last = indexWhere(samples, sample -> sample[1] >= allEvents, "the last event was read");
            return new Throughput(rate(samples, firstWithEvents, lastBefore), rate(samples, lastBefore, Math.min(last, allRead + 2)),
                    rate(samples, allRead, last));
        }

        private static double rate(List<double[]> samples, int from, int to) {
            double seconds = samples.get(to)[0] - samples.get(from)[0];
            return seconds <= 0 ? 0 : (samples.get(to)[1] - samples.get(from)[1]) / seconds;
        }

        private static int indexWhere(List<double[]> samples, Predicate<double[]> condition, String what) {
            for (int i = 0; i < samples.size(); i++) {
                if (condition.test(samples.get(i))) {
                    return i;
                }
            }
            throw new AssertionError("no sample where " + what + " in " + samples.stream().map(Arrays::toString).toList());
        }

        @Override
        public String toString() {
            return String.format("before %.0f, across %.0f, after %.0f", before, acrossBurst, after);
        }
    }

    private static KafkaProducer<byte[], byte[]> largeRecordProducer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(4 * 1024 * 1024));
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        return new KafkaProducer<>(props);
    }

    private static RecordMetadata send(KafkaProducer<byte[], byte[]> producer, String topic, String key, String value)
            throws ExecutionException, InterruptedException {
        return producer.send(KafkaTopics.record(topic, key, value)).get();
    }

    private static String coordinates(RecordMetadata metadata) {
        return metadata.partition() + "@" + metadata.offset();
    }

    private static void report(String fault, CatalogOnCluster.Checked checked, String recovery) throws IOException {
        appendFigures(fault, recovery + String.format("; checked: %d offer records (%d offerIds) against an uninterrupted backtest, %d offer "
                        + "mails and %d reply mails at the mail server, %d replies' outcomes; duplicates found %d", checked.offerLines(),
                checked.offerIds(), checked.offerMails(), checked.replyMails(), checked.replies(), checked.duplicates()));
    }

    private static void appendFigures(String fault, String figures) throws IOException {
        String entry = "- **" + fault + "**: " + figures + ".\n";
        System.out.print("[figures] " + entry);
        Files.writeString(FIGURES, entry, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static double secondsSince(long epochMillis) {
        return (System.currentTimeMillis() - epochMillis) / 1e3;
    }
}
