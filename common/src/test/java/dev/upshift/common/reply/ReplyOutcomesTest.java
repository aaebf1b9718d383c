package dev.upshift.common.reply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upshift.common.json.Json;
import dev.upshift.common.model.DeliveryRecord;
import dev.upshift.common.model.Feedback;
import dev.upshift.common.model.OfferDecision;
import org.junit.jupiter.api.Test;

/** The reply loop's records, exactly, built without Flink; the reply they are built from is left as it was. */
class ReplyOutcomesTest {
    private static final long SENT_AT = 1_767_225_600_000L;

    @Test
    void anUnmatchedReplyIsRecordedAsUnmatchedWithoutChangingTheReply() {
        ReceivedReply reply = reply();
        String before = Json.toText(reply);

        ReplyOutcome outcome = ReplyOutcomes.unmatched(reply);

        assertThat(Json.toText(reply)).isEqualTo(before);
        assertThat(outcome.matchedBy).isEqualTo(ReplyOutcome.UNMATCHED);
        assertThat(outcome.outcomeId).isEqualTo("<reply-1@customer.test>");
        assertThat(outcome.ownerId).isEqualTo("csm-ada");
        assertThat(outcome.offerId).isNull();
        assertThat(outcome.label).isEqualTo("question");
        assertThat(outcome.fromContact).isFalse();
    }

    @Test
    void noResponseNamesTheOfferItsSignalAndSegment() {
        long at = SENT_AT + 14 * 86_400_000L;
        ReplyOutcome outcome = ReplyOutcomes.noResponse(offerMail(), at);
        Feedback feedback = ReplyOutcomes.noResponseFeedback(offerMail(), at);

        assertThat(outcome.outcomeId).isEqualTo("no_response:o1");
        assertThat(outcome.label).isEqualTo(ReplyOutcome.NO_RESPONSE);
        assertThat(outcome.feedback).isEqualTo(Feedback.NO_RESPONSE);
        assertThat(outcome.accountId).isEqualTo("acme");
        assertThat(outcome.signal).isEqualTo("limit_pressure");
        assertThat(outcome.receivedAt).isEqualTo(at);
        assertThat(Json.toText(feedback)).isEqualTo(Json.toText(expectedNoResponse(at)));
    }

    @Test
    void anUnsubscribeByTokenNamesTheAccountAndTheOffer() {
        ReceivedReply reply = reply();
        reply.unsubscribeAccountId = "acme";
        reply.threadMailId = "o1";

        ReplyOutcome outcome = ReplyOutcomes.unsubscribedByToken(reply);
        Feedback feedback = ReplyOutcomes.unsubscribeByToken(reply);

        assertThat(outcome.accountId).isEqualTo("acme");
        assertThat(outcome.offerId).isEqualTo("o1");
        assertThat(outcome.feedback).isEqualTo(Feedback.UNSUBSCRIBED);
        assertThat(feedback.feedbackId).isEqualTo("reply:<reply-1@customer.test>");
        assertThat(feedback.outcome).isEqualTo(Feedback.UNSUBSCRIBED);
        assertThat(feedback.occurredAt).isEqualTo(SENT_AT + 60_000);
    }

    private static ReceivedReply reply() {
        ReceivedReply reply = new ReceivedReply();
        reply.messageId = "<reply-1@customer.test>";
        reply.mailbox = "replies+csm-ada@agents.test";
        reply.ownerId = "csm-ada";
        reply.senderAddress = "dana@acme.test";
        reply.text = "What would it cost?";
        reply.matchedBy = ReplyOutcome.BY_SENDER;
        reply.classification = new ReplyClassification();
        reply.classification.label = "question";
        reply.classification.confidence = 0.9;
        reply.classification.classifier = "rules";
        reply.receivedAt = SENT_AT + 60_000;
        return reply;
    }

    private static DeliveryRecord offerMail() {
        DeliveryRecord record = new DeliveryRecord();
        record.offerId = "o1";
        record.accountId = "acme";
        record.ownerId = "csm-ada";
        record.decision = new OfferDecision();
        record.decision.signal = "limit_pressure";
        record.decision.segment = "smb";
        return record;
    }

    private static Feedback expectedNoResponse(long at) {
        Feedback feedback = new Feedback();
        feedback.feedbackId = "no_response:o1";
        feedback.accountId = "acme";
        feedback.offerId = "o1";
        feedback.outcome = Feedback.NO_RESPONSE;
        feedback.occurredAt = at;
        feedback.signal = "limit_pressure";
        feedback.segment = "smb";
        return feedback;
    }
}
