package dev.upshift.jobs.delivery;

import dev.upshift.common.config.Delivery;
import dev.upshift.common.mail.MessageIds;
import dev.upshift.common.mail.UnsubscribeLinks;
import dev.upshift.common.model.Contact;
import dev.upshift.common.model.MailDraft;
import org.simplejavamail.api.email.Email;
import org.simplejavamail.api.email.EmailPopulatingBuilder;
import org.simplejavamail.email.EmailBuilder;

/**
 * A draft made into a mail: from its owner's agent identity to the account's contact, with a Message-ID derived
 * from the offer, threaded under the contact's conversation when there is one, and with RFC 8058 one-click
 * unsubscribe headers plus a visible unsubscribe line.
 */
public final class OutgoingMail {
    public static final String OFFER_HEADER = "X-Upshift-Offer";
    static final String ONE_CLICK = "List-Unsubscribe=One-Click";

    private OutgoingMail() {}

    public static Email compose(MailDraft draft, Contact contact, Delivery.Identity identity, UnsubscribeLinks links) {
        String messageId = messageId(draft, identity);
        EmailPopulatingBuilder mail = EmailBuilder.startingBlank()
                .from(identity.displayName(), identity.fromAddress())
                .withReplyTo(identity.displayName(), identity.replyTo())
                .to(contact.name, contact.email)
                .withSubject(draft.subject)
                .withPlainText(draft.body + footer(links.url(draft.accountId, draft.offerId, draft.draftedAt)))
                .fixingMessageId(messageId)
                .withHeader("List-Unsubscribe", links.header(draft.accountId, draft.offerId, draft.draftedAt))
                .withHeader("List-Unsubscribe-Post", ONE_CLICK)
                .withHeader(OFFER_HEADER, draft.offerId);
        if (contact.conversationId != null) {
            mail.withHeader("In-Reply-To", contact.conversationId).withHeader("References", contact.conversationId);
        }
        return mail.buildEmail();
    }

    public static String messageId(MailDraft draft, Delivery.Identity identity) {
        return MessageIds.of(draft.offerId, identity.dkim().domain());
    }

    private static String footer(String unsubscribeUrl) {
        return "\n\n--\nNot interested in messages like this? Unsubscribe with one click: " + unsubscribeUrl;
    }
}
