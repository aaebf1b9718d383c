package dev.upshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.jobs.delivery.OutgoingMail;
import dev.upshift.jobs.replies.RepliesJob;
import dev.upshift.jobs.replies.imap.ReceivedMail;
import dev.upshift.jobs.runtime.FlinkSettings;
import dev.upshift.jobs.runtime.JobSettings;
import dev.upshift.local.SimulatedCustomers.Reaction;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reply reader killed mid-mailbox: two replies to every offer mail of the catalog scenario wait in the agents'
 * mailboxes; the reply job checkpoints every 200 ms and fails once, part-way through. Restored from its last
 * checkpoint, it continues from the mailboxes' cursors rather than from the start: every reply has exactly one
 * outcome (read committed), and every owner got exactly one hand-off per question.
 */
class ReplyReaderRestartIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = TestClusters.miniCluster();

    @TempDir
    Path workDir;

    @Test
    void everyReplyIsProcessedExactlyOnceAcrossAFailureMidMailbox() throws Exception {
        UpshiftConfig base = CatalogScenario.config("restart", """
                flink:
                  execution.checkpointing.interval: 200ms
                  restart-strategy.type: fixed-delay
                  restart-strategy.fixed-delay.attempts: "3"
                  restart-strategy.fixed-delay.delay: 200ms
                """);
        try (CatalogScenario.Live live = new CatalogScenario.Live(base, workDir)) {
            UpshiftConfig config = live.config;
            UpshiftConfig.Topics topics = live.topics;
            KafkaTopics client = live.client;
            EmbeddedMail mail = live.mail;
            EmbeddedKafka kafka = live.kafka;
            live.runDecisions("restart-1");

            List<MimeMessage> offerMails = mail.received().stream()
                    .filter(message -> MailSummary.header(message, OutgoingMail.OFFER_HEADER) != null).toList();
            List<String> replyIds = new ArrayList<>();
            for (MimeMessage offerMail : offerMails) {
                for (Reaction reaction : List.of(Reaction.QUESTION, Reaction.OUT_OF_OFFICE)) {
                    MimeMessage reply = SimulatedCustomers.answer(offerMail, reaction);
                    mail.deliverToAgent(reply);
                    replyIds.add(reply.getMessageID());
                }
            }
            FailOnceAfterReplies.arm(replyIds.size() / 3);

            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.of(config));
            JobSettings settings = new JobSettings(kafka.bootstrapServers(), "restart-replies", true);
            DataStream<ReceivedMail> received = RepliesJob.mailboxes(env, config.delivery(), true)
                    .map(new FailOnceAfterReplies()).returns(Types.POJO(ReceivedMail.class)).uid("failure-injection");
            RepliesJob.define(env, config, settings, received);
            env.execute("Upshift reply reader restart IT");

            int failedAfter = FailOnceAfterReplies.failedAfter.get();
            assertThat(failedAfter).as("replies read when the failure was forced").isBetween(replyIds.size() / 3, replyIds.size() - 1);
            // The restored reader continued from its checkpointed cursors: it re-read at most what followed the last
            // checkpoint before the failure, not the mailboxes from the start.
            assertThat(FailOnceAfterReplies.readAfterRestore.get()).isLessThan(replyIds.size())
                    .isGreaterThanOrEqualTo(replyIds.size() - failedAfter);
            List<JsonNode> outcomes = client.readValues(topics.outcomes()).stream().map(TestJson::parse).toList();
            assertThat(outcomes).extracting(outcome -> outcome.get("outcomeId").asText()).containsExactlyInAnyOrderElementsOf(replyIds);
            assertThat(outcomes).extracting(outcome -> outcome.get("label").asText()).filteredOn("question"::equals).hasSize(offerMails.size());
            List<String> handOffs = mail.received().stream().map(message -> MailSummary.header(message, "Subject"))
                    .filter(subject -> subject.startsWith("[Upshift] Question from")).toList();
            assertThat(handOffs).hasSize(offerMails.size());
        }
    }

    /**
     * Paces the replies so that checkpoints happen while they are read; fails once, at the first reply after
     * {@code n} of them once a completed checkpoint covers at least one, so that a restore has a cursor to resume
     * from however slowly checkpoints complete.
     */
    static final class FailOnceAfterReplies implements MapFunction<ReceivedMail, ReceivedMail>, CheckpointedFunction, CheckpointListener {
        private static final AtomicBoolean failed = new AtomicBoolean();
        private static final AtomicInteger seen = new AtomicInteger();
        /** Replies read before each checkpoint's barrier; then those of the last completed checkpoint. */
        private static final Map<Long, Integer> seenAtBarrier = new ConcurrentHashMap<>();
        private static final AtomicInteger seenAtCheckpoint = new AtomicInteger();
        static final AtomicInteger failedAfter = new AtomicInteger(-1);
        static final AtomicInteger readAfterRestore = new AtomicInteger();
        private static volatile int replies;

        static void arm(int afterReplies) {
            replies = afterReplies;
            failed.set(false);
            seen.set(0);
            seenAtCheckpoint.set(0);
            seenAtBarrier.clear();
            failedAfter.set(-1);
            readAfterRestore.set(0);
        }

        @Override
        public ReceivedMail map(ReceivedMail mail) throws Exception {
            if (failed.get()) {
                readAfterRestore.incrementAndGet();
                return mail;
            }
            Thread.sleep(50);
            if (seen.get() >= replies && seenAtCheckpoint.get() > 0) {
                failed.set(true);
                failedAfter.set(seen.get());
                throw new IllegalStateException("failure forced after " + seen.get() + " replies were read");
            }
            seen.incrementAndGet();
            return mail;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {
            seenAtBarrier.put(context.getCheckpointId(), seen.get());
        }

        @Override
        public void initializeState(FunctionInitializationContext context) {}

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            seenAtCheckpoint.set(seenAtBarrier.getOrDefault(checkpointId, 0));
        }
    }
}
