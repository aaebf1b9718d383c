package dev.upshift.common.reply;

import dev.upshift.common.config.Delivery;
import dev.upshift.common.mail.MailKeys;
import dev.upshift.common.model.DeliveryRecord;
import dev.upshift.common.model.Feedback;
import dev.upshift.common.model.MailDraft;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The records the reply loop writes about a reply, built from the reply and the offer mail it answers: its outcome
 * on {@code upshift.outcomes}, the guardrail feedback, and the mails the playbook sends. Pure: the caller supplies
 * the clock; nothing here changes what it is given.
 */
public final class ReplyOutcomes {
    private ReplyOutcomes() {}

    /**
     * A reply's outcome, as its classification and matching left it.
     *
     * @param offerMail the offer mail it answers; null for an unmatched reply
     */
    public static ReplyOutcome of(ReceivedReply reply, DeliveryRecord offerMail) {
        ReplyOutcome outcome = aboutOffer(offerMail, reply.ownerId);
        outcome.outcomeId = reply.messageId;
        outcome.label = reply.classification.label;
        outcome.confidence = reply.classification.confidence;
        outcome.classifier = reply.classification.classifier;
        outcome.reason = reply.classification.reason;
        outcome.notBefore = reply.classification.notBefore;
        outcome.returnsAt = reply.classification.returnsAt;
        outcome.newContact = reply.classification.newContact;
        outcome.bounceStatus = reply.classification.bounceStatus;
        outcome.matchedBy = reply.matchedBy;
        outcome.fromContact = offerMail != null && ReplyMails.isFromContact(reply, offerMail);
        outcome.mailbox = reply.mailbox;
        outcome.receivedAt = reply.receivedAt;
        return outcome;
    }

    /** A reply that answers no offer the agent knows. */
    public static ReplyOutcome unmatched(ReceivedReply reply) {
        ReplyOutcome outcome = of(reply, null);
        outcome.matchedBy = ReplyOutcome.UNMATCHED;
        return outcome;
    }

    /** A mailto unsubscribe whose thread is gone: its token names the account and the offer. */
    public static ReplyOutcome unsubscribedByToken(ReceivedReply reply) {
        ReplyOutcome outcome = of(reply, null);
        outcome.accountId = reply.unsubscribeAccountId;
        outcome.offerId = reply.threadMailId;
        outcome.feedback = Feedback.UNSUBSCRIBED;
        return outcome;
    }

    /** The opt-out {@link #unsubscribedByToken} records, for the guardrails. */
    public static Feedback unsubscribeByToken(ReceivedReply reply) {
        Feedback feedback = new Feedback();
        feedback.feedbackId = "reply:" + reply.messageId;
        feedback.accountId = reply.unsubscribeAccountId;
        feedback.offerId = reply.threadMailId;
        feedback.outcome = Feedback.UNSUBSCRIBED;
        feedback.occurredAt = reply.receivedAt;
        return feedback;
    }

    /** No human answered the offer mail by {@code at}. */
    public static ReplyOutcome noResponse(DeliveryRecord offerMail, long at) {
        ReplyOutcome outcome = aboutOffer(offerMail, offerMail.ownerId);
        outcome.outcomeId = noResponseId(offerMail);
        outcome.label = ReplyOutcome.NO_RESPONSE;
        outcome.feedback = Feedback.NO_RESPONSE;
        outcome.receivedAt = at;
        return outcome;
    }

    /** The feedback of {@link #noResponse}. */
    public static Feedback noResponseFeedback(DeliveryRecord offerMail, long at) {
        Feedback feedback = feedbackFor(offerMail, Feedback.NO_RESPONSE, at);
        feedback.feedbackId = noResponseId(offerMail);
        return feedback;
    }

    private static String noResponseId(DeliveryRecord offerMail) {
        return "no_response:" + offerMail.offerId;
    }

    /** The guardrail outcome a reply's plan records. */
    public static Feedback feedback(ReplyPlaybook.Plan plan, DeliveryRecord offerMail, ReceivedReply reply) {
        Feedback feedback = feedbackFor(offerMail, plan.feedback(), reply.receivedAt);
        feedback.feedbackId = "reply:" + reply.messageId;
        feedback.pausedUntil = plan.pausedUntil();
        return feedback;
    }

    /**
     * A mail in the thread: to the customer only when they are the contact, to the owner at their own address.
     *
     * @param offerMail null for an unmatched reply, which only its mailbox's owner hears of
     */
    public static MailDraft mail(ReplyPlaybook.Act act, DeliveryRecord offerMail, ReceivedReply reply, Delivery delivery,
            Delivery.Identity identity, long now) {
        ReplyMails.Composed composed = ReplyMails.compose(act, offerMail, reply, identity, delivery);
        MailDraft mail = new MailDraft();
        mail.kind = act.toCustomer() ? MailDraft.REPLY : MailDraft.NOTICE;
        mail.offerId = offerMail == null ? null : offerMail.offerId;
        mail.mailId = MailKeys.followUpId(Objects.requireNonNullElse(mail.offerId, "unmatched"), act.id(), reply.messageId);
        mail.accountId = offerMail == null ? null : offerMail.accountId;
        mail.ownerId = offerMail == null ? reply.ownerId : offerMail.ownerId;
        mail.decision = offerMail == null ? null : offerMail.decision;
        mail.recipient = act.toCustomer() ? reply.senderAddress : identity.ownerAddress();
        mail.replyText = act == ReplyPlaybook.Act.HAND_TO_OWNER ? reply.text : null;
        mail.subject = composed.subject();
        mail.body = composed.body();
        if (act.toCustomer()) {
            mail.inReplyTo = reply.messageId;
            mail.references = references(offerMail.messageId, reply.messageId);
        }
        mail.draftedAt = now;
        return mail;
    }

    /** An outcome naming the offer it is about, if any; the mailbox's owner's when there is none. */
    private static ReplyOutcome aboutOffer(DeliveryRecord offerMail, String mailboxOwner) {
        ReplyOutcome outcome = new ReplyOutcome();
        outcome.ownerId = mailboxOwner;
        if (offerMail != null) {
            outcome.offerId = offerMail.offerId;
            outcome.accountId = offerMail.accountId;
            outcome.ownerId = offerMail.ownerId;
            outcome.signal = offerMail.decision == null ? null : offerMail.decision.signal;
        }
        return outcome;
    }

    private static Feedback feedbackFor(DeliveryRecord offerMail, String outcome, long at) {
        Feedback feedback = new Feedback();
        feedback.accountId = offerMail.accountId;
        feedback.offerId = offerMail.offerId;
        feedback.outcome = outcome;
        feedback.occurredAt = at;
        if (offerMail.decision != null) {
            feedback.signal = offerMail.decision.signal;
            feedback.segment = offerMail.decision.segment;
        }
        return feedback;
    }

    private static String references(String... ids) {
        List<String> present = new ArrayList<>();
        for (String id : ids) {
            if (id != null && id.startsWith("<")) {
                present.add(id);
            }
        }
        return String.join(" ", present);
    }
}
