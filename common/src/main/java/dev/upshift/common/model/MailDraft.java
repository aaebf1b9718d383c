package dev.upshift.common.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.upshift.common.json.IsoInstantSerializer;

/**
 * An offer's mail on its way out: drafted, maybe reviewed, waiting for its send window, then sent. Published to
 * {@code upshift.drafts} while it awaits review. The recipient's address stays sealed inside {@link #account},
 * encrypted, until the moment the mail is sent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MailDraft {
    public static final String TEMPLATE = "template";
    public static final String MODEL = "model";

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

    /** Why the offer cannot be mailed (no agent identity, no contact address), when it cannot. */
    public String undeliverable;

    @JsonSerialize(using = IsoInstantSerializer.class)
    public long draftedAt;

    public MailDraft() {}
}
