package dev.upshift.common.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.upshift.common.json.IsoInstantSerializer;

/**
 * A mail on its way out. Mostly an offer's mail: drafted, maybe reviewed, waiting for its send window, then sent;
 * published to {@code upshift.drafts} while it awaits review, its recipient's address sealed inside
 * {@link #account} until the moment it is sent. Or a later mail in an offer's thread, about a reply: to the
 * customer ({@code reply}) or to the account owner ({@code notice}), addressed in {@link #recipient}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MailDraft {
    public static final String TEMPLATE = "template";
    public static final String MODEL = "model";
    public static final String REPLY = "reply";
    public static final String NOTICE = "notice";

    /** Null for an offer's mail; {@code reply} or {@code notice} for a later mail in its thread. */
    public String kind;
    /** Names a later mail in the thread, {@code offerId.purpose-key}; null for the offer's mail, named by its offer. */
    public String mailId;
    public String offerId;
    public String accountId;
    public String ownerId;
    /** The decision that requested the offer: signal, evidence, offer and ranking. */
    public OfferDecision decision;

    public String subject;
    public String body;
    /** {@code template} or {@code model}. */
    public String drafter;
    /** The template set, or the model that wrote the draft. */
    public String drafterVersion;
    /** Why the model's draft was not used and the template was, when that happened. */
    public String fallbackReason;
    public String fallbackDetail;

    /** {@code auto} or {@code review}. */
    public String mode;
    public String approverId;
    /** {@code approved} or {@code edited}, once reviewed. */
    public String approval;

    /** The contact's IANA zone, for the send window. */
    public String timezone;
    /** When its send window opens, for a mail that had to wait. */
    @JsonSerialize(using = IsoInstantSerializer.class)
    public Long sendAfter;
    /** The account record, its terms sealed: the contact's address and conversation live there. Not published. */
    @JsonIgnore
    public Account account;

    /** A reply's or notice's recipient; an offer's is in the sealed account. Not published. */
    @JsonIgnore
    public String recipient;
    /** For a hand-off: the customer's reply it is about (untrusted text), for a suggested answer. Not published. */
    @JsonIgnore
    public String replyText;
    /** The Message-ID this mail answers, and the thread's Message-IDs, for a reply or notice. */
    public String inReplyTo;
    public String references;

    /** Why the offer cannot be mailed (no agent identity, no contact address), when it cannot. */
    public String undeliverable;

    @JsonSerialize(using = IsoInstantSerializer.class)
    public long draftedAt;

    public MailDraft() {}

    /** The key of its delivery ledger entry and the payload of its Message-ID. */
    @JsonIgnore
    public String ledgerKey() {
        return mailId != null ? mailId : offerId;
    }

    @JsonIgnore
    public boolean isOfferMail() {
        return kind == null;
    }
}
