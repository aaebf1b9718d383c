package dev.upshift.jobs.replies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upshift.common.config.ConfigLoader;
import dev.upshift.common.config.Delivery;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.mail.MailKeys;
import dev.upshift.common.model.DeliveryRecord;
import dev.upshift.common.model.Feedback;
import dev.upshift.common.model.MailDraft;
import dev.upshift.common.reply.ReceivedReply;
import dev.upshift.common.reply.ReplyClassification;
import dev.upshift.common.reply.ReplyOutcome;
import dev.upshift.jobs.delivery.MailFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One offer's thread: replies acted on per the playbook, silence counted, repeats ignored, and everything forgotten. */
class ReplyDeskTest {
    private static final long SENT = Instant.parse("2026-03-03T10:00:00Z").toEpochMilli();
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final String CONTACT_KEY = "c0ffee0000000000c0ffee00";

    @TempDir
    Path temp;

    private KeyedTwoInputStreamOperatorTestHarness<String, ReceivedReply, DeliveryRecord, ReplyOutcome> harness;

    @BeforeEach
    void setUp() throws Exception {
        UpshiftConfig defaults = ConfigLoader.defaults();
        Delivery d = defaults.delivery();
        Delivery delivery = new Delivery(true, d.locale(), d.currency(), d.metricNames(), d.templates(), d.review(), d.sendWindow(),
                d.smtp(), d.unsubscribe(), d.llm(), d.replies(), Map.of("csm-ada", new MailFixtures(temp).identity("csm-ada")));
        harness = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(new ReplyDesk(defaults.withDelivery(delivery)),
                reply -> MailKeys.offerIdOf(reply.threadMailId), record -> record.offerId, Types.STRING);
        harness.setProcessingTime(SENT);
    }

    @Test
    void aYesFromTheContactGetsTheBookingLinkTellsTheOwnerAndIsFedBackOnceThenTheThreadIsForgotten() throws Exception {
        harness.processElement2(new StreamRecord<>(ReplyFixtures.sentOfferMail(CONTACT_KEY, SENT)));
        harness.setProcessingTime(SENT + DAY);
        ReceivedReply yes = reply("<yes-1@acme.example>", "interested", CONTACT_KEY, SENT + DAY);
        harness.processElement1(new StreamRecord<>(yes));
        harness.processElement1(new StreamRecord<>(reply("<yes-1@acme.example>", "interested", CONTACT_KEY, SENT + DAY)));

        ReplyOutcome outcome = harness.extractOutputValues().get(0);
        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(outcome.label).isEqualTo("interested");
        assertThat(outcome.feedback).isEqualTo(Feedback.ACCEPTED);
        assertThat(outcome.fromContact).isTrue();
        assertThat(outcome.actions).containsExactly("send_booking_link", "notify_owner_of_yes");
        assertThat(outcome.noResponseAt).isNull();
        List<MailDraft> mails = harness.getSideOutput(ReplyDesk.MAILS).stream().map(StreamRecord::getValue).toList();
        assertThat(mails).extracting(mail -> mail.kind + " " + mail.recipient + " " + mail.inReplyTo).containsExactly(
                "reply dana@acme.example <yes-1@acme.example>", "notice csm-ada@owners.example null");
        assertThat(mails.get(0).references).isEqualTo("<upshift.offer-mail@agents.test> <yes-1@acme.example>");
        assertThat(mails.get(0).body).contains("https://book.example/csm-ada");
        assertThat(mails).extracting(mail -> mail.mailId).allSatisfy(id -> assertThat(id).startsWith("o1."));
        Feedback feedback = harness.getSideOutput(ReplyDesk.FEEDBACK).peek().getValue();
        assertThat(feedback.feedbackId + " " + feedback.outcome + " " + feedback.signal).isEqualTo("reply:<yes-1@acme.example> accepted limit_pressure");

        // Remembered for follow-ups until the conversation's time is up: 14 days' wait plus 30 more.
        harness.setProcessingTime(SENT + 44 * DAY - 1);
        assertThat(harness.numKeyedStateEntries()).isOne();
        harness.setProcessingTime(SENT + 44 * DAY);
        assertThat(harness.getSideOutput(ReplyDesk.FEEDBACK)).hasSize(1);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void aSecondYesInTheThreadIsRecordedButNotFedBackTwice() throws Exception {
        harness.processElement2(new StreamRecord<>(ReplyFixtures.sentOfferMail(CONTACT_KEY, SENT)));
        harness.processElement1(new StreamRecord<>(reply("<yes-1@acme.example>", "interested", CONTACT_KEY, SENT + DAY)));
        harness.processElement1(new StreamRecord<>(reply("<yes-2@acme.example>", "interested", CONTACT_KEY, SENT + 2 * DAY)));
        harness.processElement1(new StreamRecord<>(reply("<stop@acme.example>", "unsubscribe", CONTACT_KEY, SENT + 3 * DAY)));

        assertThat(harness.extractOutputValues()).extracting(outcome -> outcome.outcomeId + " " + outcome.feedback).containsExactly(
                "<yes-1@acme.example> accepted", "<yes-2@acme.example> null", "<stop@acme.example> unsubscribed");
        assertThat(harness.getSideOutput(ReplyDesk.FEEDBACK)).extracting(record -> record.getValue().outcome)
                .containsExactly("accepted", "unsubscribed");
    }

    @Test
    void silenceCountsAsNoResponseAndAnOutOfOfficePushesThatPastItsReturn() throws Exception {
        harness.processElement2(new StreamRecord<>(ReplyFixtures.sentOfferMail(CONTACT_KEY, SENT)));
        ReceivedReply away = reply("<ooo@acme.example>", "auto_reply", CONTACT_KEY, SENT + DAY);
        away.classification.returnsAt = SENT + 20 * DAY;
        harness.setProcessingTime(SENT + DAY);
        harness.processElement1(new StreamRecord<>(away));
        ReplyOutcome outcome = harness.extractOutputValues().get(0);
        assertThat(outcome.feedback).isNull();
        assertThat(outcome.actions).containsExactly("no_response_deadline_moved");
        assertThat(outcome.noResponseAt).isEqualTo(SENT + 34 * DAY);

        harness.setProcessingTime(SENT + 14 * DAY);
        assertThat(harness.getSideOutput(ReplyDesk.FEEDBACK)).isNull();
        harness.setProcessingTime(SENT + 34 * DAY);
        Feedback silence = harness.getSideOutput(ReplyDesk.FEEDBACK).peek().getValue();
        assertThat(silence.outcome + " " + silence.feedbackId + " " + Instant.ofEpochMilli(silence.occurredAt))
                .isEqualTo("no_response no_response:o1 2026-04-06T10:00:00Z");
        assertThat(harness.extractOutputValues()).extracting(o -> o.label).containsExactly("auto_reply", "no_response");

        harness.setProcessingTime(SENT + 100 * DAY);
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void aStrangerIsNotAnsweredAndAReplyWithoutItsThreadIsForwardedAfterTheGrace() throws Exception {
        harness.processElement2(new StreamRecord<>(ReplyFixtures.sentOfferMail(CONTACT_KEY, SENT)));
        harness.processElement1(new StreamRecord<>(reply("<colleague@acme.example>", "unsubscribe", "someone-else", SENT + DAY)));
        ReplyOutcome outcome = harness.extractOutputValues().get(0);
        assertThat(outcome.fromContact).isFalse();
        assertThat(outcome.feedback).isEqualTo(Feedback.UNSUBSCRIBED);
        assertThat(outcome.actions).isEmpty();
        assertThat(harness.getSideOutput(ReplyDesk.MAILS)).isNull();

        ReceivedReply orphan = reply("<orphan@acme.example>", "question", CONTACT_KEY, SENT + DAY);
        orphan.threadMailId = "o2";
        harness.processElement1(new StreamRecord<>(orphan));
        harness.setProcessingTime(SENT + Duration.ofMinutes(5).toMillis());
        assertThat(harness.getSideOutput(ReplyDesk.UNMATCHED)).extracting(record -> record.getValue().messageId)
                .containsExactly("<orphan@acme.example>");
    }

    @Test
    void aSpoofedYesMatchedOnlyByItsSenderChangesNothingAndGoesToTheOwner() throws Exception {
        harness.processElement2(new StreamRecord<>(ReplyFixtures.sentOfferMail(CONTACT_KEY, SENT)));
        ReceivedReply spoofed = reply("<spoofed-yes@evil.example>", "interested", CONTACT_KEY, SENT + DAY);
        spoofed.threadMailId = "o1";
        spoofed.matchedBy = ReplyOutcome.BY_SENDER;
        harness.processElement1(new StreamRecord<>(spoofed));

        ReplyOutcome outcome = harness.extractOutputValues().get(0);
        assertThat(outcome.feedback).isNull();
        assertThat(outcome.actions).containsExactly("sender_not_verified", "hand_to_owner");
        assertThat(outcome.noResponseAt).as("still waiting for the contact").isEqualTo(SENT + 14 * DAY);
        assertThat(harness.getSideOutput(ReplyDesk.FEEDBACK)).isNull();
        MailDraft handOff = harness.getSideOutput(ReplyDesk.MAILS).peek().getValue();
        assertThat(handOff.recipient).isEqualTo("csm-ada@owners.example");
        assertThat(handOff.subject).isEqualTo("[Upshift] Unverified reply about acme");
        assertThat(handOff.body).contains("The agent changed nothing");

        ReceivedReply vouched = reply("<real-yes@acme.example>", "interested", CONTACT_KEY, SENT + 2 * DAY);
        vouched.matchedBy = ReplyOutcome.BY_SENDER;
        vouched.senderAuthenticated = true;
        harness.processElement1(new StreamRecord<>(vouched));
        assertThat(harness.getSideOutput(ReplyDesk.FEEDBACK)).extracting(record -> record.getValue().outcome).containsExactly(Feedback.ACCEPTED);
    }

    @Test
    void anUnsubscribeMatchedOnlyByItsSenderIsHonouredWithoutAPass() throws Exception {
        harness.processElement2(new StreamRecord<>(ReplyFixtures.sentOfferMail(CONTACT_KEY, SENT)));
        ReceivedReply stop = reply("<stop@acme.example>", "unsubscribe", CONTACT_KEY, SENT + DAY);
        stop.matchedBy = ReplyOutcome.BY_SENDER;
        harness.processElement1(new StreamRecord<>(stop));
        assertThat(harness.getSideOutput(ReplyDesk.FEEDBACK)).extracting(record -> record.getValue().outcome).containsExactly(Feedback.UNSUBSCRIBED);
    }

    private static ReceivedReply reply(String messageId, String label, String senderKey, long at) {
        ReplyClassification classification = new ReplyClassification();
        classification.label = label;
        classification.confidence = 0.9;
        classification.reason = "test";
        classification.classifier = "rules-v1";
        ReceivedReply reply = new ReceivedReply();
        reply.messageId = messageId;
        reply.mailbox = "replies+csm-ada@agents.test";
        reply.ownerId = "csm-ada";
        reply.senderAddress = "dana@acme.example";
        reply.senderKey = senderKey;
        reply.text = "text";
        reply.threadMailId = "o1";
        reply.matchedBy = ReplyOutcome.BY_IN_REPLY_TO;
        reply.classification = classification;
        reply.receivedAt = at;
        return reply;
    }
}
