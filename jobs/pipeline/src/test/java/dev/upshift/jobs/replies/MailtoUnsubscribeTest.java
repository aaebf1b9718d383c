package dev.upshift.jobs.replies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upshift.common.config.ConfigLoader;
import dev.upshift.common.config.Delivery;
import dev.upshift.common.mail.UnsubscribeLinks;
import dev.upshift.common.model.Feedback;
import dev.upshift.common.reply.ReceivedReply;
import dev.upshift.common.reply.ReplyOutcome;
import dev.upshift.jobs.replies.imap.ReceivedMail;
import dev.upshift.jobs.runtime.OutputTags;
import dev.upshift.jobs.runtime.Secrets;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A mail client's unsubscribe button mails the {@code List-Unsubscribe} mailto with the subject the header gives:
 * its signed token names the offer, whichever address it comes from and whether or not the offer's thread is still
 * remembered. A token that does not check out proves nothing, and the mail is read like any other.
 */
class MailtoUnsubscribeTest {
    private static final long SENT = Instant.parse("2026-11-02T09:00:00Z").toEpochMilli();
    private static final long PRESSED = Instant.parse("2026-11-20T18:30:00Z").toEpochMilli();

    private static Delivery delivery;
    private static UnsubscribeLinks links;

    @BeforeAll
    static void secret() {
        System.setProperty("UPSHIFT_UNSUBSCRIBE_SECRET", "a test secret of enough bytes");
        delivery = ConfigLoader.defaults().delivery();
        links = new UnsubscribeLinks(delivery.unsubscribe().url(), delivery.unsubscribe().mailto(), Secrets.agentSecret(delivery));
    }

    @Test
    void aValidTokenNamesTheOfferWhateverTheSenderOrTheText() throws Exception {
        ReceivedReply reply = read("unsubscribe " + links.token("acme", "o1", SENT), "alias-of-dana@acme.example", "Sent from my phone");

        assertThat(reply.classification.label).isEqualTo("unsubscribe");
        assertThat(reply.classification.reason).isEqualTo("List-Unsubscribe mailto with a valid token");
        assertThat(reply.threadMailId).isEqualTo("o1");
        assertThat(reply.matchedBy).isEqualTo(ReplyOutcome.BY_UNSUBSCRIBE_TOKEN);
        assertThat(reply.unsubscribeAccountId).isEqualTo("acme");
        assertThat(reply.ownerId).as("the unsubscribe mailbox has no owner").isNull();
    }

    @Test
    void aForgedTokenIsNoProofButTheSubjectStillAsksToUnsubscribe() throws Exception {
        String genuine = links.token("acme", "o1", SENT);
        String forged = links.token("globex", "o1", SENT).split("\\.")[0] + genuine.substring(genuine.indexOf('.'));
        ReceivedReply reply = read("unsubscribe " + forged, "dana@acme.example", "");

        assertThat(reply.classification.label).isEqualTo("unsubscribe");
        assertThat(reply.threadMailId).as("left to matching by sender").isNull();
        assertThat(reply.unsubscribeAccountId).isNull();
    }

    @Test
    void whenTheThreadIsGoneTheTokenStillRecordsTheOptOutAndNothingIsMailed() throws Exception {
        ReceivedReply reply = read("unsubscribe " + links.token("acme", "o1", SENT), "dana@acme.example", "");
        try (OneInputStreamOperatorTestHarness<ReceivedReply, ReplyOutcome> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(new ForwardUnmatched(delivery, "v-test"))) {
            harness.processElement(new StreamRecord<>(reply, 0));

            assertThat(harness.extractOutputValues()).singleElement().satisfies(outcome -> {
                assertThat(outcome.accountId).isEqualTo("acme");
                assertThat(outcome.offerId).isEqualTo("o1");
                assertThat(outcome.label).isEqualTo("unsubscribe");
                assertThat(outcome.matchedBy).isEqualTo(ReplyOutcome.BY_UNSUBSCRIBE_TOKEN);
                assertThat(outcome.feedback).isEqualTo(Feedback.UNSUBSCRIBED);
                assertThat(outcome.actions).isEmpty();
            });
            assertThat(harness.getSideOutput(ReplyDesk.FEEDBACK)).extracting(StreamRecord::getValue).singleElement()
                    .satisfies(feedback -> {
                        assertThat(feedback.feedbackId).isEqualTo("reply:<press@acme.example>");
                        assertThat(feedback.accountId).isEqualTo("acme");
                        assertThat(feedback.offerId).isEqualTo("o1");
                        assertThat(feedback.outcome).isEqualTo(Feedback.UNSUBSCRIBED);
                        assertThat(feedback.occurredAt).isEqualTo(PRESSED);
                    });
            assertThat(harness.getSideOutput(ReplyDesk.MAILS)).isNull();
            assertThat(harness.getSideOutput(OutputTags.AUDIT)).hasSize(1);
        }
    }

    @Test
    void otherMailToTheUnsubscribeMailboxIsRecordedAndForwardedToNobody() throws Exception {
        ReceivedReply reply = read("Question about pricing", "someone@elsewhere.example", "What does the team plan cost?");
        try (OneInputStreamOperatorTestHarness<ReceivedReply, ReplyOutcome> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(new ForwardUnmatched(delivery, "v-test"))) {
            harness.processElement(new StreamRecord<>(reply, 0));

            assertThat(harness.extractOutputValues()).singleElement().satisfies(outcome -> {
                assertThat(outcome.label).isEqualTo("question");
                assertThat(outcome.matchedBy).isEqualTo(ReplyOutcome.UNMATCHED);
                assertThat(outcome.actions).isEmpty();
            });
            assertThat(harness.getSideOutput(ReplyDesk.MAILS)).isNull();
            assertThat(harness.getSideOutput(ReplyDesk.FEEDBACK)).isNull();
        }
    }

    /** As the reply job reads a message from the unsubscribe mailbox. */
    private static ReceivedReply read(String subject, String from, String body) throws Exception {
        ReceivedMail mail = new ReceivedMail();
        mail.mailbox = delivery.unsubscribe().mailto();
        mail.uidValidity = 1;
        mail.uid = 1;
        mail.receivedAt = PRESSED;
        mail.raw = ("From: " + from + "\r\nTo: " + delivery.unsubscribe().mailto() + "\r\nSubject: " + subject
                + "\r\nMessage-ID: <press@acme.example>\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII);
        try (OneInputStreamOperatorTestHarness<ReceivedMail, ReceivedReply> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(new ReadReplies(delivery))) {
            harness.processElement(new StreamRecord<>(mail, 0));
            return harness.extractOutputValues().get(0);
        }
    }
}
