package dev.upshift.common.mail;

import dev.upshift.common.config.Delivery;
import dev.upshift.common.json.Json;
import dev.upshift.common.model.AuditRecord;
import dev.upshift.common.model.DeadLetter;
import dev.upshift.common.model.DeadLetterReason;
import dev.upshift.common.model.DeliveryRecord;
import dev.upshift.common.model.DeliveryTouch;
import dev.upshift.common.model.MailDraft;

/**
 * The records a mail's send leaves behind, built from what happened: the delivery ledger's record, the audit
 * trail's touch, and a dead letter when it could not be sent. Pure: the caller supplies the clock and the
 * Message-ID (null when the owner has no identity any more).
 */
public final class Settlements {
    /** One mail's settled send: its ledger record, its audit record, and its dead letter if it was not sent. */
    public record Settlement(DeliveryRecord outcome, AuditRecord audit, DeadLetter deadLetter) {}

    private final String configVersion;

    public Settlements(String configVersion) {
        this.configVersion = configVersion;
    }

    /** The ledger record journaled before the send starts: a crash after it leaves the mail uncertain, never re-sent blind. */
    public DeliveryRecord begun(MailDraft mail, Delivery.Identity identity, String messageId, long now) {
        return record(mail, DeliveryRecord.SENDING, identity, messageId, null, now);
    }

    /** A mail whose recipient opted out or complained after it was drafted. */
    public Settlement cancelled(MailDraft mail, Delivery.Identity identity, String messageId, long now) {
        DeliveryTouch touch = touch(mail, DeliveryTouch.CANCELLED, identity, messageId);
        touch.detail = "its recipient unsubscribed or complained since it was drafted (the suppression list or the feedback topic says so); not sent";
        DeliveryRecord record = record(mail, DeliveryRecord.CANCELLED, identity, messageId, null, now);
        return new Settlement(record, AuditRecord.of(mail, touch, record.recordedAt, configVersion), null);
    }

    /**
     * A send that ended.
     *
     * @param contactKey the offer mail's contact, as an address key; null for a later mail in the thread
     */
    public Settlement sent(MailDraft mail, Delivery.Identity identity, String messageId, String contactKey, SendOutcome outcome, long now) {
        String status = switch (outcome.status()) {
            case SENT -> DeliveryRecord.SENT;
            case PERMANENT, UNSENDABLE -> DeliveryRecord.FAILED;
            case TRANSIENT -> DeliveryRecord.DEFERRED;
        };
        DeliveryTouch touch = touch(mail, outcome.status() == SendOutcome.Status.SENT ? DeliveryTouch.SENT : DeliveryTouch.FAILED,
                identity, messageId);
        touch.smtpReply = outcome.reply();
        touch.attempts = outcome.attempts();
        DeadLetter rejected = switch (outcome.status()) {
            case SENT -> null;
            case TRANSIENT -> {
                touch.detail = "transient SMTP failure after " + outcome.attempts() + " attempts; retried at the next commit";
                yield null;
            }
            case PERMANENT -> DeadLetter.of(DeadLetterReason.SMTP_REJECTED, outcome.reply(), mail.accountId, null, Json.toText(mail.decision));
            case UNSENDABLE -> {
                touch.detail = outcome.reply();
                yield DeadLetter.of(DeadLetterReason.UNDELIVERABLE, outcome.reply(), mail.accountId, null, Json.toText(mail.decision));
            }
        };
        DeliveryRecord record = record(mail, status, identity, messageId, outcome, now);
        if (outcome.status() == SendOutcome.Status.SENT) {
            keepThread(record, mail, contactKey);
        }
        return new Settlement(record, AuditRecord.of(mail, touch, record.recordedAt, configVersion), rejected);
    }

    /** A send that began (the ledger says so) but whose end was never recorded: reported, not sent again. */
    public Settlement uncertain(MailDraft mail, DeliveryRecord begun, Delivery.Identity identity, String messageId, long now) {
        String detail = "a send of " + begun.messageId + " began but its outcome was never recorded; not sent again";
        DeliveryTouch touch = touch(mail, DeliveryTouch.FAILED, identity, messageId);
        touch.detail = detail;
        DeliveryRecord record = record(mail, DeliveryRecord.UNCERTAIN, identity, messageId, null, now);
        return new Settlement(record, AuditRecord.of(mail, touch, record.recordedAt, configVersion),
                DeadLetter.of(DeadLetterReason.DELIVERY_UNCERTAIN, detail, mail.accountId, null, Json.toText(mail.decision)));
    }

    private static DeliveryTouch touch(MailDraft mail, String stage, Delivery.Identity identity, String messageId) {
        DeliveryTouch touch = DeliveryTouch.of(stage, mail);
        if (identity != null) { // null once an identity is removed from the config while its mail waited
            touch.identity = identity.fromAddress();
            touch.messageId = messageId;
        }
        touch.sendAfter = mail.sendAfter;
        return touch;
    }

    private static DeliveryRecord record(MailDraft mail, String status, Delivery.Identity identity, String messageId, SendOutcome outcome,
            long now) {
        DeliveryRecord record = new DeliveryRecord();
        record.mailId = mail.ledgerKey();
        record.kind = mail.isOfferMail() ? DeliveryRecord.OFFER : mail.kind;
        record.offerId = mail.offerId;
        record.accountId = mail.accountId;
        record.ownerId = mail.ownerId;
        record.status = status;
        if (identity != null) {
            record.identity = identity.fromAddress();
            record.messageId = messageId;
        }
        if (outcome != null) {
            record.smtpReply = outcome.reply();
            record.attempts = outcome.attempts();
        }
        record.recordedAt = now;
        return record;
    }

    /** What the reply reader needs to follow the thread: the content, the decision, and who the contact is. */
    private static void keepThread(DeliveryRecord record, MailDraft mail, String contactKey) {
        record.subject = mail.subject;
        record.body = mail.body;
        record.decision = mail.decision;
        record.contactKey = contactKey;
    }
}
