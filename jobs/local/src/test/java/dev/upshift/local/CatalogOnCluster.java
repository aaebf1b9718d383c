package dev.upshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upshift.common.config.ConfigLoader;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.logic.PartitionClock;
import dev.upshift.jobs.decisions.DecisionsJob;
import dev.upshift.jobs.delivery.OutgoingMail;
import dev.upshift.jobs.replies.RepliesJob;
import dev.upshift.local.cluster.StandaloneCluster;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The catalog scenario streamed through both jobs on the standalone cluster, for the fault tests: the decision job
 * (parallelism 2) mails its offers, simulated customers answer some of them, the reply job (parallelism 1) acts on
 * the answers. Its offers must equal those of one uninterrupted bounded run of the same input (a backtest).
 *
 * <p>The scenario is history (January and February 2026) replayed at speed, which a live deployment's idle-source
 * handling is not made for: a source that falls idle and resumes lets event time jump by weeks. So the events source
 * is never idle (a heartbeat keeps both its partitions busy, as other accounts would: page views of a
 * {@value #CLOCK_ACCOUNT} account stamped with the newest scenario time produced so far, which also keeps each
 * partition's clock, the median of its recent events, at the front of the data) and no other input has records after the start: the scenario's recorded outcomes are left out (the backtest
 * leaves them out too), and the reply job feeds back into a topic of its own, since its customers answer today. At
 * the end, where a bounded run's input ends, a burst of page views of a {@value #CLOCK_ACCOUNT} account dated now
 * moves event time past every timer that decides something: a majority of each partition's recent events, which is
 * what it takes to move a partition's clock (one tick far in the future would be refused as {@code future_event}). ({@code stop --drain} would not do: on Flink 2.2 an idle
 * source drops the final watermark, FLINK-40499, so timers behind it never fire.)
 *
 * <p>Long because it is one scenario end to end on a real cluster (topics, configs, both jobs, the mail server, the
 * clock burst), used by several tests; each step is a short method.
 */
final class CatalogOnCluster {
    static final Duration PATIENCE = Duration.ofMinutes(3);
    static final String CLOCK_ACCOUNT = "clock";
    /** Checkpoints often (mail leaves after one); accounts count as loaded after 10 quiet seconds. */
    private static final String OVERLAY = """
            time: {sourceIdleness: PT10S}
            flink: {execution.checkpointing.interval: 1s}
            """;
    private static List<String> expectedOffers;
    /** Ticks per partition: a majority of the window a partition's clock is the median of. */
    private static final int CLOCK_TICKS = PartitionClock.WINDOW / 2 + 1;
    private static final List<SimulatedCustomers.Reaction> REACTIONS =
            List.of(SimulatedCustomers.Reaction.QUESTION, SimulatedCustomers.Reaction.INTERESTED);

    final StandaloneCluster cluster;
    final String prefix;
    final UpshiftConfig.Topics topics;
    final KafkaTopics client;
    final String decisions;
    final String replies;
    private final List<String> events;
    private final Heartbeat heartbeat;
    /** Offers whose customers may answer: see {@link #answerableOffers()}. */
    private final Set<String> answerable;
    /** The offer each answered mail belongs to, by the reply's Message-ID, and how the customer reacted. */
    private final Map<String, Answer> answers = new LinkedHashMap<>();

    record Answer(String offerId, SimulatedCustomers.Reaction reaction) {}

    /** What a fault test checked, for docs/fault-tests.md. */
    record Checked(int offerLines, int offerIds, int offerMails, int replyMails, int replies, int duplicates) {}

    private CatalogOnCluster(StandaloneCluster cluster, String prefix, UpshiftConfig.Topics topics, String decisions, String replies,
            Heartbeat heartbeat) {
        this.heartbeat = heartbeat;
        this.cluster = cluster;
        this.prefix = prefix;
        this.topics = topics;
        this.client = cluster.topics();
        this.decisions = decisions;
        this.replies = replies;
        this.events = eventsInTimeOrder();
        this.answerable = answerableOffers();
    }

    /**
     * Topics named {@code prefix.*} with the accounts, the outcomes and the first half of the events on them, and
     * both jobs submitted and running.
     */
    static CatalogOnCluster start(StandaloneCluster cluster, String prefix, String extraYaml) {
        cluster.mail().purge();
        List<String> owners = CatalogScenario.owners();
        String topicsYaml = CatalogScenario.topicsYaml(prefix);
        StandaloneCluster.JobConfig decisionConfig = cluster.jobConfig(prefix, List.of(topicsYaml, OVERLAY, extraYaml), owners);
        StandaloneCluster.JobConfig replyConfig = cluster.jobConfig(prefix + "-replies",
                List.of(topicsYaml, OVERLAY, extraYaml, "topics: {feedback: " + prefix + ".reply-feedback}"), owners);
        UpshiftConfig.Topics topics = decisionConfig.config().topics();
        KafkaTopics client = cluster.topics();
        client.createTopics(topics, 2);
        client.createTopics(2, List.of(prefix + ".reply-feedback"), List.of());
        List<String> events = eventsInTimeOrder();
        try (KafkaProducer<byte[], byte[]> producer = client.producer()) {
            CatalogScenario.produce(producer, topics.accounts(), CatalogScenario.lines("accounts.jsonl"));
            CatalogScenario.produce(producer, topics.accounts(), List.of(clockAccount()));
            CatalogScenario.produce(producer, topics.events(), events.subList(0, events.size() / 2));
        }
        Heartbeat heartbeat = new Heartbeat(client, topics.events(), occurredAt(events.get(events.size() / 2 - 1)));
        String decisions = cluster.submit(DecisionsJob.class.getName(), arguments(cluster, decisionConfig, prefix), 2, null);
        String replies = cluster.submit(RepliesJob.class.getName(), arguments(cluster, replyConfig, prefix), 1, null);
        cluster.awaitRunning(decisions, PATIENCE);
        cluster.awaitRunning(replies, PATIENCE);
        return new CatalogOnCluster(cluster, prefix, topics, decisions, replies, heartbeat);
    }

    /**
     * A page view of the clock account on each partition of the events topic ten times a second, stamped with the
     * newest scenario time produced so far: neither partition falls idle, and within a few seconds a majority of
     * each one's recent events is at the front of the data, where a busy live stream's clock would be.
     */
    private static final class Heartbeat implements AutoCloseable {
        private final KafkaProducer<byte[], byte[]> producer;
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        private final AtomicReference<Instant> front;

        Heartbeat(KafkaTopics client, String topic, Instant front) {
            this.producer = client.producer();
            this.front = new AtomicReference<>(front);
            AtomicLong beats = new AtomicLong();
            timer.scheduleAtFixedRate(() -> {
                for (int partition = 0; partition < 2; partition++) {
                    producer.send(toPartition(topic, partition, clockTick("beat-" + beats.incrementAndGet(), this.front.get())));
                }
            }, 0, 100, TimeUnit.MILLISECONDS);
        }

        /** The newest scenario time produced: the heartbeat never runs ahead of the data. */
        void advanceTo(Instant occurredAt) {
            front.accumulateAndGet(occurredAt, (current, next) -> next.isAfter(current) ? next : current);
        }

        @Override
        public void close() {
            timer.shutdownNow();
            producer.close();
        }
    }

    private static String clockTick(String eventId, Instant occurredAt) {
        return "{\"eventId\":\"" + eventId + "\",\"accountId\":\"" + CLOCK_ACCOUNT + "\",\"type\":\"page_view\",\"occurredAt\":\""
                + occurredAt + "\"}";
    }

    private static ProducerRecord<byte[], byte[]> toPartition(String topic, int partition, String value) {
        return new ProducerRecord<>(topic, partition, null, value.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> arguments(StandaloneCluster cluster, StandaloneCluster.JobConfig config, String groupId) {
        return List.of("--bootstrap-servers", cluster.bootstrapServers(), "--config", config.file().toString(), "--group-id", groupId,
                "--job-name", groupId);
    }

    /** The rest of the events, a few at a time over about {@code over}, in the background. */
    CompletableFuture<Void> streamTheRest(Duration over) {
        List<String> records = events.subList(events.size() / 2, events.size());
        int chunkSize = Math.max(1, (int) (records.size() * 250 / Math.max(250, over.toMillis())));
        return CompletableFuture.runAsync(() -> {
            try (KafkaProducer<byte[], byte[]> producer = client.producer()) {
                for (int start = 0; start < records.size(); start += chunkSize) {
                    List<String> chunk = records.subList(start, Math.min(records.size(), start + chunkSize));
                    CatalogScenario.produce(producer, topics.events(), chunk);
                    heartbeat.advanceTo(occurredAt(chunk.get(chunk.size() - 1)));
                    sleep(Duration.ofMillis(250));
                }
            }
        });
    }

    void awaitOfferMails(int count) {
        await(() -> offerMails().size() >= count, "at least " + count + " offer mails");
    }

    /** Waits until the mail server has received nothing new for {@code quiet}: no send is under way. */
    void awaitMailQuiet(Duration quiet) {
        int last = -1;
        long since = System.nanoTime();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() - since < quiet.toNanos()) {
            int now = cluster.mail().received().size();
            if (now != last) {
                last = now;
                since = System.nanoTime();
            }
            assertThat(System.nanoTime()).as("the mail server quiet for " + quiet).isLessThan(deadline);
            sleep(Duration.ofMillis(100));
        }
    }

    /**
     * Waits for {@code count} offer mails not yet answered whose accounts have no other decision (so that an answer
     * cannot change another mail), and has their customers answer: a question, or yes, into the agents' mailboxes.
     */
    void answer(int count) throws MessagingException {
        await(() -> unanswered().size() >= count, count + " more offer mails to answer");
        for (MimeMessage mail : unanswered().subList(0, count)) {
            SimulatedCustomers.Reaction reaction = REACTIONS.get(answers.size() % REACTIONS.size());
            MimeMessage reply = SimulatedCustomers.answer(mail, reaction);
            cluster.mail().deliverToAgent(reply);
            answers.put(reply.getMessageID(), new Answer(offerIdOf(mail), reaction));
        }
    }

    private List<MimeMessage> unanswered() {
        Set<String> answered = answers.values().stream().map(Answer::offerId).collect(Collectors.toSet());
        return offerMails().stream().filter(mail -> !answered.contains(offerIdOf(mail)))
                .filter(mail -> answerable.contains(offerIdOf(mail))).toList();
    }

    private static String offerIdOf(MimeMessage mail) {
        return MailSummary.header(mail, OutgoingMail.OFFER_HEADER);
    }

    void awaitOutcomes(int count) {
        await(() -> client.readValues(topics.outcomes()).size() >= count, count + " outcomes (read committed)");
    }

    /**
     * Moves event time to its end with the clock's ticks, waits until it is read and a checkpoint after it has
     * completed (its outputs committed, its mail handed to the server), stops the decision job with a savepoint,
     * waits for every answer's outcome, and cancels the reply job.
     */
    void finish() {
        try (KafkaProducer<byte[], byte[]> producer = client.producer()) {
            Instant now = Instant.now();
            for (int partition = 0; partition < 2; partition++) {
                for (int tick = 0; tick < CLOCK_TICKS; tick++) {
                    producer.send(toPartition(topics.events(), partition, clockTick("clock-tick-" + partition + "-" + tick, now)));
                }
            }
        }
        long written = client.count(topics.events());
        await(() -> client.committed(prefix, topics.events()) >= written, "all events and the clock's ticks committed");
        long checkpoints = cluster.rest().completedCheckpoints(decisions);
        await(() -> cluster.rest().completedCheckpoints(decisions) > checkpoints + 1, "two more checkpoints");
        awaitMailQuiet(Duration.ofSeconds(2));
        cluster.rest().stopWithSavepoint(decisions, cluster.directory().resolve("savepoints").toUri().toString(), false, PATIENCE);
        heartbeat.close();
        awaitOutcomes(answers.size());
        awaitMailQuiet(Duration.ofSeconds(3));
        cluster.rest().cancel(replies);
    }

    /**
     * Exactly once, everywhere: the offers equal the backtest's (each offerId as often as there), every requested
     * offer's mail is at the mail server once, every answer has one outcome and the agent's mails for it once.
     */
    Checked assertExactlyOnce() {
        List<String> offers = client.readValues(topics.offers());
        List<String> expected = expectedOffers();
        assertThat(countBy(offers, CatalogOnCluster::offerIdOf)).as(() -> "offers by offerId; dead letters: " + client.readValues(topics.dlq()))
                .isEqualTo(countBy(expected, CatalogOnCluster::offerIdOf));
        assertThat(offers).as("offers").containsExactlyInAnyOrderElementsOf(expected);

        List<MimeMessage> received = cluster.mail().received();
        List<String> requested = expected.stream().map(TestJson::parse).filter(offer -> offer.get("status").asText().equals("requested"))
                .map(offer -> offer.get("offerId").asText()).toList();
        List<String> offerMailIds = offerMails().stream().map(mail -> MailSummary.header(mail, OutgoingMail.OFFER_HEADER)).toList();
        assertThat(offerMailIds).as("offer mails at the server, by offer").containsExactlyInAnyOrderElementsOf(requested);
        List<String> messageIds = received.stream().map(mail -> MailSummary.header(mail, "Message-ID")).toList();
        assertThat(messageIds).as("Message-IDs at the mail server").doesNotHaveDuplicates();

        List<JsonNode> outcomes = client.readValues(topics.outcomes()).stream().map(TestJson::parse).toList();
        assertThat(outcomes.stream().map(outcome -> outcome.get("outcomeId").asText()).toList()).as("one outcome per answer")
                .containsExactlyInAnyOrderElementsOf(answers.keySet());
        Map<String, Integer> replyMailsByOffer = countBy(received.stream().filter(EmbeddedMail::isFromAnAgent)
                .filter(mail -> !MailSummary.isOfferMail(mail)).map(mail -> MailSummary.header(mail, OutgoingMail.OFFER_HEADER)).toList(),
                Function.identity());
        Map<String, Integer> expectedReplyMails = new TreeMap<>();
        answers.values().forEach(answer -> expectedReplyMails.put(answer.offerId(),
                answer.reaction() == SimulatedCustomers.Reaction.INTERESTED ? 2 : 1)); // yes: booking link + owner notice
        assertThat(replyMailsByOffer).as("the agent's mails per answered offer").isEqualTo(expectedReplyMails);

        int replyMails = expectedReplyMails.values().stream().mapToInt(Integer::intValue).sum();
        int duplicates = (offers.size() - expected.size()) + (offerMailIds.size() - requested.size()) + (outcomes.size() - answers.size());
        return new Checked(offers.size(), (int) offers.stream().map(CatalogOnCluster::offerIdOf).distinct().count(), offerMailIds.size(),
                replyMails, answers.size(), duplicates);
    }

    /** Mails whose offer's ledger says it is {@code status}, e.g. how many were deferred while SMTP was down. */
    long journaled(String status) {
        return client.readValues(topics.deliveries()).stream().map(TestJson::parse)
                .filter(record -> record.get("status").asText().equals(status)).count();
    }

    List<MimeMessage> offerMails() {
        return cluster.mail().received().stream().filter(MailSummary::isOfferMail).toList();
    }

    /** The offers of one uninterrupted bounded run of the same accounts and events: a backtest, computed once. */
    static synchronized List<String> expectedOffers() {
        if (expectedOffers == null) {
            try {
                Path workDir = Files.createTempDirectory("upshift-expected-");
                expectedOffers = Backtest.run(new InputFiles(CatalogScenario.DIR.resolve("accounts.jsonl"),
                                CatalogScenario.DIR.resolve("events.jsonl"), null), ConfigLoader.load("expected", OVERLAY), workDir,
                        workDir.resolve("out"), new Progress()).lines(Backtest.OFFERS);
                LocalFiles.deleteRecursively(workDir);
            } catch (Exception e) {
                throw new IllegalStateException("the backtest for the expected offers failed", e);
            }
        }
        return expectedOffers;
    }

    /** Requested offers of accounts with no other decision: an answer to one cannot change another decision's mail. */
    private static Set<String> answerableOffers() {
        List<JsonNode> decisions = expectedOffers().stream().map(TestJson::parse).toList();
        Map<String, Integer> perAccount = countBy(decisions.stream().map(offer -> offer.get("accountId").asText()).toList(), Function.identity());
        return decisions.stream().filter(offer -> offer.get("status").asText().equals("requested"))
                .filter(offer -> perAccount.get(offer.get("accountId").asText()) == 1)
                .map(offer -> offer.get("offerId").asText()).collect(Collectors.toSet());
    }

    private static String offerIdOf(String offerLine) {
        return TestJson.parse(offerLine).get("offerId").asText();
    }

    /** An account for the clock's tick, on a plan without limits it could come near. */
    private static String clockAccount() {
        return CatalogScenario.lines("accounts.jsonl").get(0).replace("weekly-pressure", CLOCK_ACCOUNT);
    }

    private static List<String> eventsInTimeOrder() {
        return CatalogScenario.lines("events.jsonl").stream().sorted(Comparator.comparing(CatalogOnCluster::occurredAt)).toList();
    }

    private static Instant occurredAt(String event) {
        return Instant.parse(TestJson.parse(event).get("occurredAt").asText());
    }

    static <T> Map<String, Integer> countBy(List<T> items, Function<T, String> key) {
        Map<String, Integer> counts = new TreeMap<>();
        items.forEach(item -> counts.merge(key.apply(item), 1, Integer::sum));
        return counts;
    }

    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what + " within " + PATIENCE).isLessThan(deadline);
            sleep(Duration.ofMillis(200));
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
