package dev.upshift.common.reply;

import dev.upshift.common.model.Feedback;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What the agent does about a classified reply: the outcome it feeds back to the guardrails, the mails it sends,
 * and when the offer's silence would count as no response. Only the classification and facts the agent holds
 * decide; nothing the reply says chooses an address, a price or an account.
 */
public final class ReplyPlaybook {
    /** A mail the agent sends about a reply. The first two go to the customer, in the thread; the rest to the owner. */
    public enum Act {
        CONFIRM_UNSUBSCRIBE,
        SEND_BOOKING_LINK,
        NOTIFY_OWNER_OF_YES,
        HAND_TO_OWNER,
        NOTIFY_OWNER_OF_BOUNCE,
        NOTIFY_OWNER_OF_COMPLAINT,
        FORWARD_UNMATCHED;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public boolean toCustomer() {
            return this == CONFIRM_UNSUBSCRIBE || this == SEND_BOOKING_LINK;
        }
    }

    /**
     * @param feedback the outcome for {@code upshift.feedback}, or null when the reply changes no guardrail
     * @param pausedUntil for a decline that names when to ask again
     * @param noResponseAt when silence will count as no response; null once a person has answered
     */
    public record Plan(String feedback, Long pausedUntil, List<Act> acts, Long noResponseAt) {}

    private final Duration noResponseAfter;

    public ReplyPlaybook(Duration noResponseAfter) {
        this.noResponseAfter = noResponseAfter;
    }

    /**
     * @param fromContact the sender is the contact the offer was mailed to: only then does the agent answer the customer
     * @param bookingLink whether the owner has a booking link to send
     * @param noResponseAt the offer's current no-response deadline; null when it no longer waits
     */
    public Plan plan(ReplyClassification reply, boolean fromContact, boolean bookingLink, Long noResponseAt) {
        ReplyLabel label = ReplyLabel.valueOf(reply.label.toUpperCase(Locale.ROOT));
        return switch (label) {
            case INTERESTED -> answered(Feedback.ACCEPTED, null, fromContact && bookingLink
                    ? List.of(Act.SEND_BOOKING_LINK, Act.NOTIFY_OWNER_OF_YES) : List.of(Act.NOTIFY_OWNER_OF_YES));
            case QUESTION, WRONG_PERSON -> answered(Feedback.REPLIED, null, List.of(Act.HAND_TO_OWNER));
            case NOT_INTERESTED -> answered(Feedback.DECLINED, null, List.of());
            case NOT_NOW -> answered(Feedback.DECLINED, reply.notBefore, List.of());
            // Opting out is safe whoever asks; only the contact gets a confirmation.
            case UNSUBSCRIBE -> answered(Feedback.UNSUBSCRIBED, null, fromContact ? List.of(Act.CONFIRM_UNSUBSCRIBE) : List.of());
            case HARD_BOUNCE -> answered(Feedback.BOUNCED, null, List.of(Act.NOTIFY_OWNER_OF_BOUNCE));
            // Someone who reported the mail as spam must never get another, not even a confirmation.
            case COMPLAINED -> answered(Feedback.COMPLAINED, null, List.of(Act.NOTIFY_OWNER_OF_COMPLAINT));
            case AUTO_REPLY -> new Plan(null, null, List.of(), afterReturn(noResponseAt, reply.returnsAt));
            // The sending server still retries a delayed or 4.x.x delivery; nothing to do but wait.
            case SOFT_BOUNCE -> new Plan(null, null, List.of(), noResponseAt);
        };
    }

    /**
     * A reply that may not be who it says (see {@link ReceivedReply#isUnverifiedSender}): an opt-out, a complaint or
     * machine mail acts as ever, since honouring them is safe whoever sent them; anything else only goes to the
     * owner, changing no guardrail and leaving the no-response clock as it was.
     */
    public Plan planForUnverifiedSender(ReplyClassification reply, Long noResponseAt) {
        return switch (ReplyLabel.valueOf(reply.label.toUpperCase(Locale.ROOT))) {
            case UNSUBSCRIBE, COMPLAINED, AUTO_REPLY, HARD_BOUNCE, SOFT_BOUNCE -> plan(reply, false, false, noResponseAt);
            case INTERESTED, QUESTION, WRONG_PERSON, NOT_NOW, NOT_INTERESTED -> new Plan(null, null, List.of(Act.HAND_TO_OWNER), noResponseAt);
        };
    }

    /** A person answered: the offer no longer waits for a response. */
    private static Plan answered(String feedback, Long pausedUntil, List<Act> acts) {
        return new Plan(feedback, pausedUntil, acts, null);
    }

    /** An out-of-office with a return date gives the contact a full response window after they are back. */
    private Long afterReturn(Long noResponseAt, Long returnsAt) {
        if (noResponseAt == null || returnsAt == null) {
            return noResponseAt;
        }
        return Math.max(noResponseAt, returnsAt + noResponseAfter.toMillis());
    }
}
