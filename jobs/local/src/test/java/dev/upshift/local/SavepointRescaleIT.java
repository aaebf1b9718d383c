package dev.upshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.jobs.decisions.DecisionsJob;
import dev.upshift.jobs.replies.RepliesJob;
import dev.upshift.jobs.replies.imap.ReceivedMail;
import dev.upshift.jobs.runtime.FlinkSettings;
import dev.upshift.jobs.runtime.JobSettings;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running decision job is stopped with a savepoint half-way through the catalog scenario's events, and a new job
 * is started from that savepoint at another parallelism (2, then 1: every key group moves). Once it has read the
 * rest and drained (the end of event time), its outputs and the first job's, read committed, are exactly the
 * backtest's: nothing lost, nothing twice, the state intact across the stop. The reply job likewise: stopped with a
 * savepoint at parallelism 2 part-way through the agents' mailboxes, restored at 1, it handles every reply exactly once.
 */
class SavepointRescaleIT {
    private static final Duration PATIENCE = Duration.ofMinutes(2);

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestClusters.miniCluster();

    @TempDir
    Path workDir;

    @Test
    void aJobRestoredFromASavepointAtAnotherParallelismDecidesExactlyAsOneUninterruptedRun() throws Exception {
        UpshiftConfig config = CatalogScenario.config("rescale", """
                flink:
                  execution.checkpointing.interval: 300ms
                """);
        UpshiftConfig.Topics topics = config.topics();
        List<String> events = CatalogScenario.lines("events.jsonl");
        Instant half = Instant.parse(TestJson.parse(events.get(events.size() / 2)).get("occurredAt").asText());
        List<String> before = events.stream().filter(event -> occurredAt(event).isBefore(half)).toList();
        List<String> after = events.stream().filter(event -> !occurredAt(event).isBefore(half)).toList();
        assertThat(before).isNotEmpty();
        assertThat(after).isNotEmpty();

        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(topics, 2);
            KafkaTopics client = new KafkaTopics(kafka.bootstrapServers());
            try (KafkaProducer<byte[], byte[]> producer = client.producer()) {
                CatalogScenario.produce(producer, topics.accounts(), CatalogScenario.lines("accounts.jsonl"));
                CatalogScenario.produce(producer, topics.feedback(), CatalogScenario.lines("feedback.jsonl"));
                CatalogScenario.produce(producer, topics.events(), before);
            }
            JobClient first = start(config, kafka, 2, null);
            awaitEventsRead(client, before.size());
            String savepoint = first.stopWithSavepoint(false, workDir.resolve("savepoints").toUri().toString(),
                    SavepointFormatType.CANONICAL).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

            try (KafkaProducer<byte[], byte[]> producer = client.producer()) {
                CatalogScenario.produce(producer, topics.events(), after);
            }
            JobClient second = start(config, kafka, 1, savepoint);
            awaitEventsRead(client, events.size());
            second.stopWithSavepoint(true, workDir.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
                    .get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

            assertThat(client.readValues(topics.signals())).containsExactlyInAnyOrderElementsOf(expected("signals.jsonl"));
            assertThat(client.readValues(topics.offers())).containsExactlyInAnyOrderElementsOf(expected("offers.jsonl"));
        }
    }

    @Test
    void theReplyJobRestoredAtAnotherParallelismHandlesEveryReplyExactlyOnce() throws Exception {
        UpshiftConfig base = CatalogScenario.config("reply-rescale", """
                flink:
                  execution.checkpointing.interval: 200ms
                """);
        try (CatalogScenario.Live live = new CatalogScenario.Live(base, workDir)) {
            live.runDecisions("reply-rescale");
            List<MimeMessage> offerMails = live.mail.received().stream().filter(MailSummary::isOfferMail).toList();
            List<String> replyIds = new ArrayList<>();
            for (MimeMessage offerMail : offerMails) {
                for (SimulatedCustomers.Reaction reaction : List.of(SimulatedCustomers.Reaction.QUESTION, SimulatedCustomers.Reaction.NOT_NOW)) {
                    MimeMessage reply = SimulatedCustomers.answer(offerMail, reaction);
                    live.mail.deliverToAgent(reply);
                    replyIds.add(reply.getMessageID());
                }
            }

            JobClient first = startReplies(live, 2, null);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (live.client.readValues(live.topics.outcomes()).size() < replyIds.size() / 3) {
                assertThat(System.nanoTime()).as("a third of the replies handled within " + PATIENCE).isLessThan(deadline);
                Thread.sleep(100);
            }
            String savepoint = first.stopWithSavepoint(false, workDir.resolve("savepoints").toUri().toString(),
                    SavepointFormatType.CANONICAL).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            int handledBeforeTheStop = live.client.readValues(live.topics.outcomes()).size();

            JobClient second = startReplies(live, 1, savepoint);
            while (live.client.readValues(live.topics.outcomes()).size() < replyIds.size()) {
                assertThat(System.nanoTime()).as("every reply handled within " + PATIENCE).isLessThan(deadline);
                Thread.sleep(100);
            }
            second.stopWithSavepoint(false, workDir.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
                    .get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

            assertThat(handledBeforeTheStop).as("replies handled before the savepoint").isBetween(replyIds.size() / 3, replyIds.size() - 1);
            assertThat(live.client.readValues(live.topics.outcomes())).extracting(outcome -> TestJson.parse(outcome).get("outcomeId").asText())
                    .containsExactlyInAnyOrderElementsOf(replyIds);
            assertThat(live.mail.received().stream().map(message -> MailSummary.header(message, "Subject"))
                    .filter(subject -> subject.startsWith("[Upshift] Question from"))).hasSize(offerMails.size());
        }
    }

    /** The reply job, unbounded, reading one reply per 150 ms and reader, so that a stop lands part-way through the mailboxes. */
    private static JobClient startReplies(CatalogScenario.Live live, int parallelism, String savepoint) throws Exception {
        Configuration conf = FlinkSettings.of(live.config);
        conf.setString("parallelism.default", String.valueOf(parallelism));
        if (savepoint != null) {
            conf.setString("execution.state-recovery.path", savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        JobSettings settings = new JobSettings(live.kafka.bootstrapServers(), "reply-rescale", false);
        DataStream<ReceivedMail> received = RepliesJob.mailboxes(env, live.config.delivery(), false)
                .map(SavepointRescaleIT::slowly).returns(Types.POJO(ReceivedMail.class)).uid("pace");
        RepliesJob.define(env, live.config, settings, received);
        return env.executeAsync("Upshift reply job at parallelism " + parallelism);
    }

    private static ReceivedMail slowly(ReceivedMail mail) throws InterruptedException {
        Thread.sleep(150);
        return mail;
    }

    private static JobClient start(UpshiftConfig config, EmbeddedKafka kafka, int parallelism, String savepoint) throws Exception {
        Configuration conf = FlinkSettings.of(config);
        conf.setString("parallelism.default", String.valueOf(parallelism));
        if (savepoint != null) {
            conf.setString("execution.state-recovery.path", savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        DecisionsJob.define(env, config, new JobSettings(kafka.bootstrapServers(), "rescale", false));
        return env.executeAsync("Upshift savepoint IT at parallelism " + parallelism);
    }

    /** Offsets are committed with each checkpoint: once they reach the count, the job has read (and checkpointed) them. */
    private static void awaitEventsRead(KafkaTopics client, long count) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (client.committed("rescale", "rescale.events") < count) {
            assertThat(System.nanoTime()).as("events read within " + PATIENCE).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static Instant occurredAt(String event) {
        return Instant.parse(TestJson.parse(event).get("occurredAt").asText());
    }

    private static List<String> expected(String file) throws IOException {
        return Files.readAllLines(CatalogScenario.DIR.resolve("expected").resolve(file));
    }
}
