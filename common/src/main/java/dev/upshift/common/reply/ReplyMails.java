package dev.upshift.common.reply;

import dev.upshift.common.config.Delivery;
import dev.upshift.common.model.DeliveryRecord;
import dev.upshift.common.model.Evidence;
import dev.upshift.common.model.OfferDecision;
import java.time.Instant;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * The words of the mails the agent sends about a reply. Customers get one short line in their own thread; owners
 * get everything they need to take over without opening another tool. Reply text is quoted, never obeyed: it
 * appears only inside the owner's copy of the thread.
 */
public final class ReplyMails {
    /** A subject and a plain-text body. */
    public record Composed(String subject, String body) {}

    private ReplyMails() {}

    /**
     * @param thread the offer mail's sent record; null for an unmatched reply
     */
    public static Composed compose(ReplyPlaybook.Act act, DeliveryRecord thread, ReceivedReply reply, Delivery.Identity identity) {
        return switch (act) {
            case CONFIRM_UNSUBSCRIBE -> new Composed(re(thread.subject),
                    "Done: you will not get messages like this from us again. If that was a mistake, just reply to this email.\n\n"
                            + identity.signature());
            case SEND_BOOKING_LINK -> new Composed(re(thread.subject),
                    "Thanks, glad this is useful. Pick any time that suits you here and we will go through it together:\n"
                            + identity.bookingLink() + "\n\n" + identity.signature());
            case NOTIFY_OWNER_OF_YES -> toOwner("Yes from " + thread.accountId, "said yes to the offer below.", thread, reply);
            case HAND_TO_OWNER -> toOwner(handOffTitle(reply) + thread.accountId,
                    handOffAsk(reply), thread, reply);
            case NOTIFY_OWNER_OF_BOUNCE -> toOwner("Contact address bounced for " + thread.accountId,
                    "could not be reached: the address bounced for good (" + reply.classification.bounceStatus
                            + "). No more mail goes to it until the account record names another contact.", thread, reply);
            case NOTIFY_OWNER_OF_COMPLAINT -> toOwner("Spam complaint from " + thread.accountId,
                    "reported the offer mail below as spam, through their mail provider's feedback loop. They are opted out and"
                            + " their address is on the suppression list: no more mail goes to them, and mail waiting to be sent is"
                            + " cancelled. Please do not write to them about it.", thread, reply);
            case FORWARD_UNMATCHED -> new Composed("[Upshift] Unmatched reply in " + reply.mailbox,
                    "A mail arrived in your agent's mailbox that answers no offer the agent knows of, so it did nothing with it.\n"
                            + "It was classified as " + reply.classification.label + " (" + reply.classification.reason + ").\n\n"
                            + "From: " + reply.senderAddress + "\nReceived: " + Instant.ofEpochMilli(reply.receivedAt) + "\n\n"
                            + quoted(reply.text));
        };
    }

    private static String handOffTitle(ReceivedReply reply) {
        return ReplyLabel.WRONG_PERSON.id().equals(reply.classification.label) ? "Wrong person at " : "Question from ";
    }

    private static String handOffAsk(ReceivedReply reply) {
        if (ReplyLabel.WRONG_PERSON.id().equals(reply.classification.label)) {
            String named = reply.classification.newContact == null ? "" : " They named " + reply.classification.newContact + ".";
            return "says they are not the right person for the offer below." + named
                    + " Please take it from here; the agent will not write to anyone new on its own.";
        }
        return "asked a question about the offer below. Please answer in the thread; the agent will not.";
    }

    private static Composed toOwner(String title, String what, DeliveryRecord thread, ReceivedReply reply) {
        OfferDecision offer = thread.decision;
        StringJoiner body = new StringJoiner("\n");
        body.add("The contact at " + thread.accountId + " " + what);
        body.add("");
        body.add("Their reply (" + reply.classification.label + ", " + reply.classification.reason + "), received "
                + Instant.ofEpochMilli(reply.receivedAt) + (isFromContact(reply, thread)
                        ? "" : ", from " + reply.senderAddress + ", not the contact the offer was mailed to") + ":");
        body.add(quoted(reply.text));
        body.add("");
        body.add("Signal: " + offer.signal + " (" + offer.kind + ")");
        body.add("Evidence: " + evidence(offer.evidence));
        body.add("Account: plan " + offer.currentPlan + ", segment " + offer.segment);
        body.add("Offer: " + offerLine(offer));
        body.add("");
        body.add("The thread so far:");
        body.add("Subject: " + thread.subject);
        body.add(quoted(thread.body));
        return new Composed("[Upshift] " + title, body.toString());
    }

    /** Whether the reply's sender is the contact the thread's offer was mailed to. */
    public static boolean isFromContact(ReceivedReply reply, DeliveryRecord thread) {
        return reply.senderKey != null && reply.senderKey.equals(thread.contactKey);
    }

    private static String offerLine(OfferDecision offer) {
        StringJoiner line = new StringJoiner(", ");
        line.add(offer.kind + " to " + (offer.addOn != null ? offer.addOn : offer.target));
        if (offer.seats != null) {
            line.add(offer.seats + " seats");
        }
        if (offer.annualRevenue != null) {
            line.add(String.format(Locale.ROOT, "%,.0f a year in the catalog's currency", offer.annualRevenue));
        }
        line.add("offer " + offer.offerId);
        return line.toString();
    }

    private static String evidence(Evidence evidence) {
        if (evidence == null) {
            return "none recorded";
        }
        StringJoiner facts = new StringJoiner(", ");
        facts.add(evidence.trigger);
        if (evidence.metric != null) {
            facts.add(evidence.metric + " " + number(evidence.usage) + " of " + number(evidence.limit)
                    + (evidence.utilization != null ? String.format(Locale.ROOT, " (%.0f%%)", evidence.utilization * 100) : ""));
        }
        for (String detail : new String[] {evidence.feature, evidence.capability, evidence.eventType, evidence.addOn}) {
            if (detail != null) {
                facts.add(detail);
            }
        }
        return facts.toString();
    }

    private static String number(Double value) {
        return value == null ? "?" : String.format(Locale.ROOT, "%,.0f", value);
    }

    private static String re(String subject) {
        return subject.regionMatches(true, 0, "Re:", 0, 3) ? subject : "Re: " + subject;
    }

    private static String quoted(String text) {
        return text == null || text.isBlank() ? "> (no text)" : "> " + text.strip().replace("\n", "\n> ");
    }
}
