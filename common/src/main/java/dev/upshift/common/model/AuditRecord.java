package dev.upshift.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.upshift.common.json.IsoInstantSerializer;
import dev.upshift.common.reply.ReplyOutcome;

/**
 * One line of {@code upshift.audit}: a decision with everything needed to explain it later, on its own: the
 * signal and its evidence (carried once, in the decision), the owner, and the exact config that decided.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AuditRecord {
    public String auditId;
    public String accountId;
    @JsonSerialize(using = IsoInstantSerializer.class)
    public long recordedAt;
    public String ownerId;
    public String configVersion;
    /** The originating signal (its evidence is the decision's); absent for a withdrawal, which no signal caused. */
    public Signal signal;
    public OfferDecision decision;
    /** Set for a step of the offer's mail: drafted, reviewed, held, sent or failed. */
    public DeliveryTouch delivery;
    /** A reply (or an offer's silence) and what the agent did about it. */
    public ReplyOutcome reply;
    /** Set when a contact was taken off the suppression list: the lift, with who did it and why. */
    public Suppression suppression;

    public AuditRecord() {}

    /** A step of an offer's mail, identified by the offer and the stage so that a repeat can be told apart. */
    public static AuditRecord of(MailDraft draft, DeliveryTouch touch, long at, String configVersion) {
        AuditRecord record = new AuditRecord();
        record.auditId = draft.ledgerKey() + ":" + touch.stage;
        record.accountId = draft.accountId;
        record.recordedAt = at;
        record.ownerId = draft.ownerId;
        record.configVersion = configVersion;
        record.decision = draft.decision;
        record.delivery = touch;
        return record;
    }

    public static AuditRecord of(ReplyOutcome outcome, String configVersion) {
        AuditRecord record = new AuditRecord();
        record.auditId = outcome.outcomeId + ":reply";
        record.accountId = outcome.accountId;
        record.recordedAt = outcome.receivedAt;
        record.ownerId = outcome.ownerId;
        record.configVersion = configVersion;
        record.reply = outcome;
        return record;
    }

    /** A lift of the suppression list, identified by the address it lifted and when. */
    public static AuditRecord of(Suppression lift, String configVersion) {
        AuditRecord record = new AuditRecord();
        record.auditId = "suppression:" + lift.addressKey + ":" + lift.status + ":" + lift.at;
        record.accountId = lift.accountId;
        record.recordedAt = lift.at;
        record.configVersion = configVersion;
        record.suppression = lift;
        return record;
    }

    public static AuditRecord of(Signal signal, OfferDecision decision, String configVersion) {
        AuditRecord record = new AuditRecord();
        record.auditId = decision.offerId + ":" + decision.status;
        record.accountId = decision.accountId;
        record.recordedAt = decision.decidedAt;
        record.ownerId = decision.ownerId;
        record.configVersion = configVersion;
        record.signal = signal == null ? null : Signal.of(signal.accountId, signal.type(), signal.firedAt, null);
        record.decision = decision;
        return record;
    }
}
