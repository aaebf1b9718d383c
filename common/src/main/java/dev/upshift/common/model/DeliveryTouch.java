package dev.upshift.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.upshift.common.json.IsoInstantSerializer;

/** One step of an offer's mail, as the audit trail records it. Fields a stage does not use stay null. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DeliveryTouch {
    public static final String DRAFTED = "drafted";
    public static final String AWAITING_REVIEW = "awaiting_review";
    public static final String APPROVED = "approved";
    public static final String EDITED = "edited";
    public static final String REJECTED = "rejected";
    public static final String APPROVAL_REFUSED = "approval_refused";
    public static final String EDIT_REFUSED = "edit_refused";
    public static final String REVIEW_EXPIRED = "review_expired";
    public static final String HELD_FOR_WINDOW = "held_for_window";
    public static final String SENT = "sent";
    public static final String FAILED = "failed";
    public static final String UNDELIVERABLE = "undeliverable";
    /** Stopped before sending by an outcome for its account (unsubscribe, decline, hand-off…). */
    public static final String CANCELLED = "cancelled";

    public String stage;
    /** Null for an offer's mail; {@code reply} or {@code notice} for a later mail in its thread. */
    public String kind;
    public String drafter;
    public String drafterVersion;
    public String fallbackReason;
    public String fallbackDetail;
    /** The agent identity the mail leaves from. */
    public String identity;
    public String approverId;
    public String detail;
    @JsonSerialize(using = IsoInstantSerializer.class)
    public Long sendAfter;
    public String messageId;
    /** The SMTP server's last reply. */
    public String smtpReply;
    public Integer attempts;

    public DeliveryTouch() {}

    public static DeliveryTouch of(String stage, MailDraft draft) {
        DeliveryTouch touch = new DeliveryTouch();
        touch.stage = stage;
        touch.kind = draft.kind;
        touch.drafter = draft.drafter;
        touch.drafterVersion = draft.drafterVersion;
        touch.fallbackReason = draft.fallbackReason;
        touch.fallbackDetail = draft.fallbackDetail;
        touch.approverId = draft.approverId;
        return touch;
    }
}
