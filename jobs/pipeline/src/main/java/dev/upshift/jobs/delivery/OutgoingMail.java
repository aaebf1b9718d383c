package dev.upshift.jobs.delivery;

import dev.upshift.common.config.Delivery;
import dev.upshift.common.mail.MailKeys;
import dev.upshift.common.mail.UnsubscribeLinks;
import dev.upshift.common.model.Contact;
import dev.upshift.common.model.MailDraft;
import org.simplejavamail.api.email.Email;
import org.simplejavamail.api.email.EmailPopulatingBuilder;
import org.simplejavamail.email.EmailBuilder;

/**
 * A draft made into a mail, from its owner's agent identity, with a signed Message-ID naming the mail. An offer's
 * mail goes to the account's contact, threaded under the contact's conversation when there is one, with RFC 8058
 * one-click unsubscribe headers plus a visible unsubscribe line. A reply or notice goes to its own recipient in
 * the offer's thread and says, per RFC 3834, that no person wrote it, so that auto-responders do not answer.
 */
public final class OutgoingMail {
    public static final String OFFER_HEADER = "X-Upshift-Offer";
    static final String ONE_CLICK = "List-Unsubscribe=One-Click";

    private OutgoingMail() {}

    public static Email compose(MailDraft draft, Contact contact, Delivery.Identity identity, UnsubscribeLinks links, MailKeys keys) {
        EmailPopulatingBuilder mail = start(draft, identity, keys)
                .to(contact.name, contact.email)
                .withPlainText(draft.body + footer(links.url(draft.accountId, draft.offerId, draft.draftedAt)))
                .withHeader("List-Unsubscribe", links.header(draft.accountId, draft.offerId, draft.draftedAt))
                .withHeader("List-Unsubscribe-Post", ONE_CLICK);
        if (contact.conversationId != null) {
            mail.withHeader("In-Reply-To", contact.conversationId).withHeader("References", contact.conversationId);
        }
        return mail.buildEmail();
    }

    /** A reply to the customer or a notice to the owner, in the offer's thread. */
    public static Email composeInThread(MailDraft draft, Delivery.Identity identity, MailKeys keys) {
        EmailPopulatingBuilder mail = start(draft, identity, keys)
                .to(draft.recipient)
                .withPlainText(draft.body)
                .withHeader("Auto-Submitted", MailDraft.REPLY.equals(draft.kind) ? "auto-replied" : "auto-generated");
        if (draft.inReplyTo != null) {
            mail.withHeader("In-Reply-To", draft.inReplyTo)
                    .withHeader("References", draft.references != null ? draft.references : draft.inReplyTo);
        }
        return mail.buildEmail();
    }

    private static EmailPopulatingBuilder start(MailDraft draft, Delivery.Identity identity, MailKeys keys) {
        return EmailBuilder.startingBlank()
                .from(identity.displayName(), identity.fromAddress())
                .withReplyTo(identity.displayName(), identity.replyTo())
                .withSubject(draft.subject)
                .fixingMessageId(messageId(draft, identity, keys))
                .withHeader(OFFER_HEADER, draft.offerId);
    }

    public static String messageId(MailDraft draft, Delivery.Identity identity, MailKeys keys) {
        return keys.messageId(draft.ledgerKey(), identity.dkim().domain());
    }

    private static String footer(String unsubscribeUrl) {
        return "\n\n--\nNot interested in messages like this? Unsubscribe with one click: " + unsubscribeUrl;
    }
}
