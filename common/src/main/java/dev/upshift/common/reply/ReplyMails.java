package dev.upshift.common.reply;

import dev.upshift.common.config.Delivery;
import dev.upshift.common.logic.OfferCandidates;
import dev.upshift.common.mail.EvidenceQuote;
import dev.upshift.common.mail.Money;
import dev.upshift.common.model.DeliveryRecord;
import dev.upshift.common.model.OfferDecision;
import dev.upshift.common.model.SignalType;
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
    public static Composed compose(ReplyPlaybook.Act act, DeliveryRecord thread, ReceivedReply reply, Delivery.Identity identity,
            Delivery delivery) {
        return switch (act) {
            case CONFIRM_UNSUBSCRIBE -> new Composed(re(thread.subject),
                    "Done: you will not get messages like this from us again. If that was a mistake, just reply to this email.\n\n"
                            + identity.signature());
            case SEND_BOOKING_LINK -> new Composed(re(thread.subject),
                    "Thanks, glad this is useful. Pick any time that suits you here and we will go through it together:\n"
                            + identity.bookingLink() + "\n\n" + identity.signature());
            case NOTIFY_OWNER_OF_YES -> toOwner("Yes from " + thread.accountId, "said yes to the offer below.", thread, reply, delivery);
            case HAND_TO_OWNER -> toOwner(handOffTitle(reply) + thread.accountId,
                    handOffAsk(reply), thread, reply, delivery);
            case NOTIFY_OWNER_OF_BOUNCE -> toOwner("Contact address bounced for " + thread.accountId,
                    "could not be reached: the address bounced for good (" + reply.classification.bounceStatus
                            + "). No more mail goes to it until the account record names another contact.", thread, reply, delivery);
            case NOTIFY_OWNER_OF_COMPLAINT -> toOwner("Spam complaint from " + thread.accountId,
                    "reported the offer mail below as spam, through their mail provider's feedback loop. They are opted out and"
                            + " their address is on the suppression list: no more mail goes to them, and mail waiting to be sent is"
                            + " cancelled. Please do not write to them about it.", thread, reply, delivery);
            case FORWARD_UNMATCHED -> new Composed("[Upshift] Unmatched reply in " + reply.mailbox,
                    "A mail arrived in your agent's mailbox that answers no offer the agent knows of, so it did nothing with it.\n"
                            + "It was classified as " + reply.classification.label + " (" + reply.classification.reason + ").\n\n"
                            + "From: " + reply.senderAddress + "\nReceived: " + Instant.ofEpochMilli(reply.receivedAt) + "\n\n"
                            + quoted(reply.text));
        };
    }

    private static String handOffTitle(ReceivedReply reply) {
        if (reply.isUnverifiedSender()) {
            return "Unverified reply about ";
        }
        return ReplyLabel.WRONG_PERSON.id().equals(reply.classification.label) ? "Wrong person at " : "Question from ";
    }

    private static String handOffAsk(ReceivedReply reply) {
        if (reply.isUnverifiedSender()) {
            return "may have answered the offer below (the reply reads as " + reply.classification.label.replace('_', ' ') + "), but it"
                    + " names no thread of ours and its sender's address is not vouched for by DKIM or DMARC, so anyone could have"
                    + " written it. The agent changed nothing; please check with the contact before acting on it.";
        }
        if (ReplyLabel.WRONG_PERSON.id().equals(reply.classification.label)) {
            String named = reply.classification.newContact == null ? "" : " They named " + reply.classification.newContact + ".";
            return "says they are not the right person for the offer below." + named
                    + " Please take it from here; the agent will not write to anyone new on its own.";
        }
        return "asked a question about the offer below. Please answer in the thread; the agent will not.";
    }

    private static Composed toOwner(String title, String what, DeliveryRecord thread, ReceivedReply reply, Delivery delivery) {
        OfferDecision offer = thread.decision;
        StringJoiner body = new StringJoiner("\n");
        body.add("The contact at " + thread.accountId + " " + what);
        body.add("");
        body.add("Their reply (" + reply.classification.label + ", " + reply.classification.reason + "), received "
                + Instant.ofEpochMilli(reply.receivedAt) + (isFromContact(reply, thread)
                        ? "" : ", from " + reply.senderAddress + ", not the contact the offer was mailed to") + ":");
        body.add(quoted(reply.text));
        body.add("");
        body.add("Signal: " + SignalType.byId(offer.signal).map(SignalType::description).orElse(offer.signal));
        body.add("Evidence, as the mail put it: " + evidence(offer, delivery));
        body.add("Account: on the " + offer.currentPlan + " plan" + (offer.segment == null ? "" : ", segment " + offer.segment));
        body.add("Offer: " + offerLine(offer, delivery));
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

    /** What was offered, in words: the upgrade, the seats, annual billing or the add-on, with its value; an education touch offers nothing. */
    private static String offerLine(OfferDecision offer, Delivery delivery) {
        StringJoiner line = new StringJoiner(", ");
        line.add(switch (offer.kind) {
            case OfferCandidates.UPSELL -> "an upgrade to the " + offer.target + " plan";
            case OfferCandidates.SEAT_EXPANSION -> (offer.seats == null ? "more seats" : offer.seats + " seats") + " on the " + offer.target + " plan";
            case OfferCandidates.ANNUAL_PLAN -> "annual billing on the " + offer.target + " plan";
            case OfferCandidates.CROSS_SELL -> "the " + offer.addOn + " add-on";
            case OfferCandidates.EDUCATION -> "nothing to buy: a note to help them get value from what they have";
            default -> "a " + offer.kind.replace('_', ' ');
        });
        if (offer.annualRevenue != null) {
            line.add(new Money(delivery.currency(), Locale.forLanguageTag(delivery.locale())).format(offer.annualRevenue) + " a year");
        }
        line.add("offer " + offer.offerId);
        return line.toString();
    }

    /** The evidence as the customer's mail phrased it, in quotes, or the trigger when it cannot be phrased. */
    private static String evidence(OfferDecision offer, Delivery delivery) {
        if (offer.evidence == null || offer.evidence.trigger == null) {
            return "none recorded";
        }
        try {
            return "\"" + EvidenceQuote.of(offer.evidence, offer.decidedAt, delivery.metricNames(), Locale.forLanguageTag(delivery.locale()))
                    .text() + "\"";
        } catch (IllegalArgumentException | NullPointerException e) { // a trigger or a field this version does not know
            return offer.evidence.trigger.replace('_', ' ');
        }
    }

    private static String re(String subject) {
        return subject.regionMatches(true, 0, "Re:", 0, 3) ? subject : "Re: " + subject;
    }

    private static String quoted(String text) {
        return text == null || text.isBlank() ? "> (no text)" : "> " + text.strip().replace("\n", "\n> ");
    }
}
