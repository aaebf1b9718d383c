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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.flink.api.connector.sink2.Committer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each committed mail unless the journal says it was already settled. Every send is journaled as begun
 * before it starts and as sent or failed once it ends, so a crash in between leaves an offer marked uncertain:
 * it is reported for a person to check and never sent again blind. A send runs on its own thread, so that a
 * task cancellation (which interrupts the committer) cannot cut it between the mail and its journal entry.
 */
final class MailCommitter implements Committer<MailDraft> {
    private static final Logger LOG = LoggerFactory.getLogger(MailCommitter.class);

    private final DeliveryJournal journal;
    private final Delivery delivery;
    private final String configVersion;
    private final AccountVault vault;
    private final UnsubscribeLinks unsubscribe;
    private final SmtpSender sender;
    private final ExecutorService sending = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "upshift-mail-send");
        thread.setDaemon(true);
        return thread;
    });

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
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("cancelled before sending offer " + request.getCommittable().offerId);
            }
            MailDraft mail = request.getCommittable();
            DeliveryRecord last = journal.lastRecord(mail.offerId);
            if (last != null && last.isFinal()) {
                request.signalAlreadyCommitted();
            } else if (last != null && DeliveryRecord.SENDING.equals(last.status)) {
                reportUncertain(mail, last);
                request.signalAlreadyCommitted();
            } else if (!sendToCompletion(mail)) {
                request.retryLater();
            }
        }
    }

    /** Waits for the send even when interrupted, then passes the interrupt on; retries stop early once interrupted. */
    private boolean sendToCompletion(MailDraft mail) {
        Future<Boolean> sent = sending.submit(() -> send(mail));
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return sent.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                    sender.stopRetrying();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("sending offer " + mail.offerId + " failed: " + e.getCause().getMessage(), e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Sends one mail and journals the outcome; false when it should be tried again later. */
    private boolean send(MailDraft mail) throws InterruptedException {
        Account account = vault.open(mail.account);
        Delivery.Identity identity = delivery.identities().get(mail.ownerId);
        String messageId = OutgoingMail.messageId(mail, identity);
        journal.begin(record(mail, DeliveryRecord.SENDING, identity, messageId, null, null));
        SmtpSender.Outcome outcome = sender.send(OutgoingMail.compose(mail, account.contact, identity, unsubscribe));
        String status = switch (outcome.status()) {
            case SENT -> DeliveryRecord.SENT;
            case PERMANENT -> DeliveryRecord.FAILED;
            case TRANSIENT -> DeliveryRecord.DEFERRED;
        };
        DeliveryTouch touch = touch(mail, outcome.status() == SmtpSender.Status.SENT ? DeliveryTouch.SENT : DeliveryTouch.FAILED,
                identity, messageId, outcome);
        if (outcome.status() == SmtpSender.Status.TRANSIENT) {
            touch.detail = "transient SMTP failure after " + outcome.attempts() + " attempts; retried at the next commit";
            LOG.warn("Mail for offer {} deferred: {}", mail.offerId, outcome.reply());
        }
        DeadLetter rejected = outcome.status() == SmtpSender.Status.PERMANENT
                ? DeadLetter.of(DeadLetterReason.SMTP_REJECTED, outcome.reply(), mail.accountId, null, Json.toText(mail.decision))
                : null;
        journal.settle(record(mail, status, identity, messageId, outcome.reply(), outcome.attempts()),
                AuditRecord.of(mail, touch, System.currentTimeMillis(), configVersion), rejected);
        return outcome.status() != SmtpSender.Status.TRANSIENT;
    }

    private void reportUncertain(MailDraft mail, DeliveryRecord begun) {
        Delivery.Identity identity = delivery.identities().get(mail.ownerId);
        String detail = "a send of " + begun.messageId + " began but its outcome was never recorded; not sent again";
        DeliveryTouch touch = touch(mail, DeliveryTouch.FAILED, identity, begun.messageId, null);
        touch.detail = detail;
        journal.settle(record(mail, DeliveryRecord.UNCERTAIN, identity, begun.messageId, null, null),
                AuditRecord.of(mail, touch, System.currentTimeMillis(), configVersion),
                DeadLetter.of(DeadLetterReason.DELIVERY_UNCERTAIN, detail, mail.accountId, null, Json.toText(mail.decision)));
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
        sending.shutdown();
        sender.close();
        journal.close();
    }
}
