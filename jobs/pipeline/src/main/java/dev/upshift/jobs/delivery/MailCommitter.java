package dev.upshift.jobs.delivery;

import dev.upshift.common.config.Delivery;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.json.Json;
import dev.upshift.common.mail.UnsubscribeLinks;
import dev.upshift.common.model.Account;
import dev.upshift.common.model.AuditRecord;
import dev.upshift.common.model.DeadLetter;
import dev.upshift.common.model.DeadLetterReason;
import dev.upshift.common.model.DeliveryRecord;
import dev.upshift.common.model.DeliveryTouch;
import dev.upshift.common.model.MailDraft;
import dev.upshift.common.vault.AccountVault;
import dev.upshift.common.vault.KeyRing;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import org.apache.flink.api.connector.sink2.Committer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each committed mail unless the journal says it was already settled. Every send is journaled as begun
 * before it starts and as sent or failed once it ends, so a crash in between leaves an offer marked uncertain:
 * it is reported for a person to check and never sent again blind.
 */
final class MailCommitter implements Committer<MailDraft> {
    private static final Logger LOG = LoggerFactory.getLogger(MailCommitter.class);

    private final DeliveryJournal journal;
    private final Delivery delivery;
    private final String configVersion;
    private final AccountVault vault;
    private final UnsubscribeLinks unsubscribe;
    private final SmtpSender sender;

    MailCommitter(UpshiftConfig config, DeliveryJournal journal) {
        this.journal = journal;
        this.delivery = config.delivery();
        this.configVersion = config.version();
        this.vault = new AccountVault(KeyRing.load(config.vault().keyFile(), Boolean.getBoolean(KeyRing.EPHEMERAL_PROPERTY)));
        this.unsubscribe = new UnsubscribeLinks(delivery.unsubscribe().url(), delivery.unsubscribe().mailto(),
                Secrets.required(delivery.unsubscribe().secretEnv(), "the unsubscribe HMAC secret").getBytes(StandardCharsets.UTF_8));
        this.sender = new SmtpSender(delivery.smtp(), Secrets.optional(delivery.smtp().passwordEnv()), delivery.identities());
    }

    @Override
    public void commit(Collection<CommitRequest<MailDraft>> requests) throws InterruptedException {
        for (CommitRequest<MailDraft> request : requests) {
            MailDraft mail = request.getCommittable();
            DeliveryRecord last = journal.lastRecord(mail.offerId);
            if (last != null && last.isFinal()) {
                request.signalAlreadyCommitted();
            } else if (last != null && DeliveryRecord.SENDING.equals(last.status)) {
                reportUncertain(mail, last);
                request.signalAlreadyCommitted();
            } else if (!send(mail)) {
                request.retryLater();
            }
        }
    }

    /** Sends one mail and journals the outcome; false when it should be tried again later. */
    private boolean send(MailDraft mail) throws InterruptedException {
        Account account = vault.open(mail.account);
        Delivery.Identity identity = delivery.identities().get(mail.ownerId);
        String messageId = OutgoingMail.messageId(mail, identity);
        journal.record(record(mail, DeliveryRecord.SENDING, identity, messageId, null, null));
        SmtpSender.Outcome outcome = sender.send(OutgoingMail.compose(mail, account.contact, identity, unsubscribe));
        String status = switch (outcome.status()) {
            case SENT -> DeliveryRecord.SENT;
            case PERMANENT -> DeliveryRecord.FAILED;
            case TRANSIENT -> DeliveryRecord.DEFERRED;
        };
        journal.record(record(mail, status, identity, messageId, outcome.reply(), outcome.attempts()));
        DeliveryTouch touch = touch(mail, outcome.status() == SmtpSender.Status.SENT ? DeliveryTouch.SENT : DeliveryTouch.FAILED,
                identity, messageId, outcome);
        if (outcome.status() == SmtpSender.Status.TRANSIENT) {
            touch.detail = "transient SMTP failure after " + outcome.attempts() + " attempts; retried at the next commit";
            LOG.warn("Mail for offer {} deferred: {}", mail.offerId, outcome.reply());
        }
        journal.audit(AuditRecord.of(mail, touch, System.currentTimeMillis(), configVersion));
        if (outcome.status() == SmtpSender.Status.PERMANENT) {
            journal.deadLetter(DeadLetter.of(DeadLetterReason.SMTP_REJECTED, outcome.reply(), mail.accountId, null,
                    Json.toText(mail.decision)));
        }
        return outcome.status() != SmtpSender.Status.TRANSIENT;
    }

    private void reportUncertain(MailDraft mail, DeliveryRecord begun) {
        Delivery.Identity identity = delivery.identities().get(mail.ownerId);
        String detail = "a send of " + begun.messageId + " began but its outcome was never recorded; not sent again";
        journal.record(record(mail, DeliveryRecord.UNCERTAIN, identity, begun.messageId, null, null));
        DeliveryTouch touch = touch(mail, DeliveryTouch.FAILED, identity, begun.messageId, null);
        touch.detail = detail;
        journal.audit(AuditRecord.of(mail, touch, System.currentTimeMillis(), configVersion));
        journal.deadLetter(DeadLetter.of(DeadLetterReason.DELIVERY_UNCERTAIN, detail, mail.accountId, null, Json.toText(mail.decision)));
    }

    private static DeliveryTouch touch(MailDraft mail, String stage, Delivery.Identity identity, String messageId,
            SmtpSender.Outcome outcome) {
        DeliveryTouch touch = DeliveryTouch.of(stage, mail);
        touch.identity = identity.fromAddress();
        touch.messageId = messageId;
        touch.sendAfter = mail.sendAfter;
        if (outcome != null) {
            touch.smtpReply = outcome.reply();
            touch.attempts = outcome.attempts();
        }
        return touch;
    }

    private static DeliveryRecord record(MailDraft mail, String status, Delivery.Identity identity, String messageId,
            String reply, Integer attempts) {
        DeliveryRecord record = new DeliveryRecord();
        record.offerId = mail.offerId;
        record.accountId = mail.accountId;
        record.ownerId = mail.ownerId;
        record.status = status;
        record.identity = identity.fromAddress();
        record.messageId = messageId;
        record.smtpReply = reply;
        record.attempts = attempts;
        record.recordedAt = System.currentTimeMillis();
        return record;
    }

    @Override
    public void close() {
        sender.close();
        journal.close();
    }
}
