package dev.upshift.jobs.delivery;

import dev.upshift.common.config.Delivery;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.json.Json;
import dev.upshift.common.mail.Addresses;
import dev.upshift.common.mail.MailKeys;
import dev.upshift.common.mail.UnsubscribeLinks;
import dev.upshift.common.model.AuditRecord;
import dev.upshift.common.model.Contact;
import dev.upshift.common.model.DeadLetter;
import dev.upshift.common.model.DeadLetterReason;
import dev.upshift.common.model.DeliveryRecord;
import dev.upshift.common.model.DeliveryTouch;
import dev.upshift.common.model.MailDraft;
import dev.upshift.common.reply.ReplyPlaybook;
import dev.upshift.common.vault.AccountVault;
import dev.upshift.jobs.metrics.CountersByKey;
import dev.upshift.jobs.metrics.UpshiftMetrics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.metrics.MetricGroup;
import org.simplejavamail.api.email.Email;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each committed mail unless the journal says it was already settled. Sends are journaled as begun before
 * they start and as sent or failed once they end, a chunk at a time (one Kafka transaction each way), so a crash
 * in between leaves the chunk's offers marked uncertain: reported for a person to check, never sent again blind.
 * A chunk's mails go out in parallel over the sender's pooled connections, on threads of their own, so that a
 * task cancellation (which interrupts the committer) cannot cut a chunk between a mail and its journal entry.
 */
final class MailCommitter implements Committer<MailDraft> {
    /** Mails per journal transaction: bounds both the Kafka round trips per mail and what a crash leaves uncertain. */
    static final int CHUNK = 16;
    private static final Logger LOG = LoggerFactory.getLogger(MailCommitter.class);

    private final DeliveryJournal journal;
    /** Mails by how their send was settled: sent, failed, deferred, uncertain. */
    private final CountersByKey mailsByStatus;
    private final Delivery delivery;
    private final String configVersion;
    private final String vaultKeyFile;
    /** Opened with the first offer mail: the reply job's committer sends only later mails in threads, and needs no key. */
    private AccountVault vault;
    private final UnsubscribeLinks unsubscribe;
    private final MailKeys keys;
    private final SmtpSender sender;
    private final ExecutorService chunks = Executors.newSingleThreadExecutor(daemon("upshift-mail-chunk"));
    private final ExecutorService sends;

    MailCommitter(UpshiftConfig config, DeliveryJournal journal, MetricGroup metrics) {
        this.journal = journal;
        this.mailsByStatus = new CountersByKey(UpshiftMetrics.of(metrics), "status", "mails");
        this.delivery = config.delivery();
        this.configVersion = config.version();
        this.vaultKeyFile = config.vault().keyFile();
        byte[] secret = Secrets.agentSecret(delivery);
        this.unsubscribe = new UnsubscribeLinks(delivery.unsubscribe().url(), delivery.unsubscribe().mailto(), secret);
        this.keys = new MailKeys(secret);
        this.sender = new SmtpSender(delivery.smtp(), Secrets.optional(delivery.smtp().passwordEnv()), delivery.identities());
        this.sends = Executors.newFixedThreadPool(sender.connections(), daemon("upshift-mail-send"));
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void commit(Collection<CommitRequest<MailDraft>> requests) throws InterruptedException {
        List<CommitRequest<MailDraft>> toSend = new ArrayList<>();
        List<DeliveryJournal.Settlement> uncertain = new ArrayList<>();
        for (CommitRequest<MailDraft> request : requests) {
            DeliveryRecord last = journal.lastRecord(request.getCommittable().ledgerKey());
            if (last != null && DeliveryRecord.SENDING.equals(last.status)) {
                uncertain.add(uncertain(request.getCommittable(), last));
                request.signalAlreadyCommitted();
            } else if (last != null && last.isFinal()) {
                request.signalAlreadyCommitted();
            } else {
                toSend.add(request);
            }
        }
        if (!uncertain.isEmpty()) {
            journal.settle(uncertain);
            uncertain.forEach(settlement -> mailsByStatus.inc(settlement.outcome().status));
        }
        for (int from = 0; from < toSend.size(); from += CHUNK) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("cancelled with " + (toSend.size() - from) + " mails still to send");
            }
            List<CommitRequest<MailDraft>> chunk = toSend.subList(from, Math.min(from + CHUNK, toSend.size()));
            List<Boolean> settled = sendToCompletion(chunk.stream().map(CommitRequest::getCommittable).toList());
            for (int i = 0; i < chunk.size(); i++) {
                if (!settled.get(i)) {
                    chunk.get(i).retryLater();
                }
            }
        }
    }

    /** Waits for the chunk even when interrupted, then passes the interrupt on; retries stop early once interrupted. */
    private List<Boolean> sendToCompletion(List<MailDraft> mails) {
        Future<List<Boolean>> sent = chunks.submit(() -> send(mails));
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return sent.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                    sender.stopRetrying();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("sending mail failed: " + Addresses.redacted(e.getCause().getMessage()), e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Sends a chunk over the pooled connections and journals the outcomes; per mail, false when it should be tried
     * again. A mail whose recipient is on the suppression list by now, or whose account opted out after it was drafted, is
     * cancelled instead.
     */
    private List<Boolean> send(List<MailDraft> mails) throws InterruptedException, ExecutionException {
        List<Delivery.Identity> identities = mails.stream().map(mail -> delivery.identities().get(mail.ownerId)).toList();
        // Each offer's account is opened once: its contact addresses the mail and keys the thread in the ledger.
        List<Contact> contacts = mails.stream().map(mail -> mail.isOfferMail() ? vault().open(mail.account).contact : null).toList();
        List<String> recipientKeys = new ArrayList<>();
        for (int i = 0; i < mails.size(); i++) {
            recipientKeys.add(recipientKey(mails.get(i), contacts.get(i)));
        }
        Set<String> suppressed = journal.suppressedAmong(recipientKeys.stream().filter(Objects::nonNull).toList());
        List<MailDraft> offerMails = mails.stream().filter(MailDraft::isOfferMail).toList();
        Map<String, Long> optOuts = offerMails.isEmpty() ? Map.of() : journal.optOutsSince(
                offerMails.stream().map(mail -> mail.accountId).distinct().toList(),
                offerMails.stream().mapToLong(mail -> mail.draftedAt).min().orElseThrow());
        List<Boolean> cancelled = new ArrayList<>();
        for (int i = 0; i < mails.size(); i++) {
            MailDraft mail = mails.get(i);
            Long optedOutAt = mail.isOfferMail() ? optOuts.get(mail.accountId) : null;
            cancelled.add(recipientKeys.get(i) != null && suppressed.contains(recipientKeys.get(i))
                    || optedOutAt != null && optedOutAt >= mail.draftedAt);
        }
        List<DeliveryRecord> begun = new ArrayList<>();
        List<Callable<SmtpSender.Outcome>> tasks = new ArrayList<>();
        for (int i = 0; i < mails.size(); i++) {
            if (!cancelled.get(i)) {
                begun.add(record(mails.get(i), DeliveryRecord.SENDING, identities.get(i), null));
                tasks.add(sendTask(mails.get(i), contacts.get(i), identities.get(i)));
            }
        }
        journal.begin(begun);
        Iterator<Future<SmtpSender.Outcome>> outcomes = sends.invokeAll(tasks).iterator();
        List<DeliveryJournal.Settlement> settlements = new ArrayList<>();
        List<Boolean> settled = new ArrayList<>();
        for (int i = 0; i < mails.size(); i++) {
            if (cancelled.get(i)) {
                settlements.add(cancelled(mails.get(i), identities.get(i)));
                settled.add(true);
            } else {
                SmtpSender.Outcome outcome = outcomes.next().get();
                String contactKey = mails.get(i).isOfferMail() ? recipientKeys.get(i) : null;
                settlements.add(settlement(mails.get(i), identities.get(i), contactKey, outcome));
                settled.add(outcome.status() != SmtpSender.Status.TRANSIENT);
            }
        }
        journal.settle(settlements);
        settlements.forEach(settlement -> mailsByStatus.inc(settlement.outcome().status));
        return settled;
    }

    /**
     * The address key of whom a mail goes to when that is a customer: the offer's contact, or the sender of a reply
     * answered. The confirmation of an unsubscribe goes to someone on the list by definition, and is the one mail that must.
     */
    private String recipientKey(MailDraft mail, Contact contact) {
        if (mail.isOfferMail()) {
            return contact == null ? null : keys.addressKey(contact.email);
        }
        boolean confirmsOptOut = ReplyPlaybook.Act.CONFIRM_UNSUBSCRIBE.id().equals(MailKeys.purposeOf(mail.mailId));
        return MailDraft.REPLY.equals(mail.kind) && !confirmsOptOut ? keys.addressKey(mail.recipient) : null;
    }

    private DeliveryJournal.Settlement cancelled(MailDraft mail, Delivery.Identity identity) {
        DeliveryTouch touch = touch(mail, DeliveryTouch.CANCELLED, identity);
        touch.detail = "its recipient unsubscribed or complained since it was drafted (the suppression list or the feedback topic says so); not sent";
        DeliveryRecord record = record(mail, DeliveryRecord.CANCELLED, identity, null);
        return new DeliveryJournal.Settlement(record, AuditRecord.of(mail, touch, record.recordedAt, configVersion), null);
    }

    /**
     * The send of one mail, or, when it cannot be sent at all, its failure: retrying would fail the same way, and a
     * failing commit would fail the job again after every restore.
     */
    private Callable<SmtpSender.Outcome> sendTask(MailDraft mail, Contact contact, Delivery.Identity identity) {
        if (identity == null) {
            return () -> SmtpSender.Outcome.unsendable("the owner " + mail.ownerId + " has no agent identity in the config any more");
        }
        Email email;
        try {
            email = compose(mail, contact, identity);
        } catch (RuntimeException e) {
            return () -> SmtpSender.Outcome.unsendable("the mail cannot be built: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return () -> sender.send(email);
    }

    /** @param contact the offer mail's recipient; null for a later mail in the thread, which carries its own */
    private Email compose(MailDraft mail, Contact contact, Delivery.Identity identity) {
        return mail.isOfferMail()
                ? OutgoingMail.compose(mail, contact, identity, unsubscribe, keys)
                : OutgoingMail.composeInThread(mail, identity, keys);
    }

    /** @param contactKey the offer mail's contact, as an address key; null for a later mail in the thread */
    private DeliveryJournal.Settlement settlement(MailDraft mail, Delivery.Identity identity, String contactKey,
            SmtpSender.Outcome outcome) {
        String status = switch (outcome.status()) {
            case SENT -> DeliveryRecord.SENT;
            case PERMANENT, UNSENDABLE -> DeliveryRecord.FAILED;
            case TRANSIENT -> DeliveryRecord.DEFERRED;
        };
        DeliveryTouch touch = touch(mail, outcome.status() == SmtpSender.Status.SENT ? DeliveryTouch.SENT : DeliveryTouch.FAILED, identity);
        touch.smtpReply = outcome.reply();
        touch.attempts = outcome.attempts();
        DeadLetter rejected = null;
        if (outcome.status() == SmtpSender.Status.TRANSIENT) {
            touch.detail = "transient SMTP failure after " + outcome.attempts() + " attempts; retried at the next commit";
            LOG.warn("Mail for offer {} deferred: {}", mail.offerId, outcome.reply());
        } else if (outcome.status() == SmtpSender.Status.PERMANENT) {
            rejected = DeadLetter.of(DeadLetterReason.SMTP_REJECTED, outcome.reply(), mail.accountId, null, Json.toText(mail.decision));
        } else if (outcome.status() == SmtpSender.Status.UNSENDABLE) {
            touch.detail = outcome.reply();
            rejected = DeadLetter.of(DeadLetterReason.UNDELIVERABLE, outcome.reply(), mail.accountId, null, Json.toText(mail.decision));
        }
        DeliveryRecord record = record(mail, status, identity, outcome);
        if (outcome.status() == SmtpSender.Status.SENT) {
            keepThread(record, mail, contactKey);
        }
        return new DeliveryJournal.Settlement(record, AuditRecord.of(mail, touch, record.recordedAt, configVersion), rejected);
    }

    private DeliveryJournal.Settlement uncertain(MailDraft mail, DeliveryRecord begun) {
        Delivery.Identity identity = delivery.identities().get(mail.ownerId);
        String detail = "a send of " + begun.messageId + " began but its outcome was never recorded; not sent again";
        DeliveryTouch touch = touch(mail, DeliveryTouch.FAILED, identity);
        touch.detail = detail;
        DeliveryRecord record = record(mail, DeliveryRecord.UNCERTAIN, identity, null);
        return new DeliveryJournal.Settlement(record, AuditRecord.of(mail, touch, record.recordedAt, configVersion),
                DeadLetter.of(DeadLetterReason.DELIVERY_UNCERTAIN, detail, mail.accountId, null, Json.toText(mail.decision)));
    }

    private DeliveryTouch touch(MailDraft mail, String stage, Delivery.Identity identity) {
        DeliveryTouch touch = DeliveryTouch.of(stage, mail);
        if (identity != null) { // null once an identity is removed from the config while its mail waited
            touch.identity = identity.fromAddress();
            touch.messageId = OutgoingMail.messageId(mail, identity, keys);
        }
        touch.sendAfter = mail.sendAfter;
        return touch;
    }

    private DeliveryRecord record(MailDraft mail, String status, Delivery.Identity identity, SmtpSender.Outcome outcome) {
        DeliveryRecord record = new DeliveryRecord();
        record.mailId = mail.ledgerKey();
        record.kind = mail.isOfferMail() ? DeliveryRecord.OFFER : mail.kind;
        record.offerId = mail.offerId;
        record.accountId = mail.accountId;
        record.ownerId = mail.ownerId;
        record.status = status;
        if (identity != null) {
            record.identity = identity.fromAddress();
            record.messageId = OutgoingMail.messageId(mail, identity, keys);
        }
        if (outcome != null) {
            record.smtpReply = outcome.reply();
            record.attempts = outcome.attempts();
        }
        record.recordedAt = System.currentTimeMillis();
        return record;
    }

    /** What the reply reader needs to follow the thread: the content, the decision, and who the contact is. */
    private static void keepThread(DeliveryRecord record, MailDraft mail, String contactKey) {
        record.subject = mail.subject;
        record.body = mail.body;
        record.decision = mail.decision;
        record.contactKey = contactKey;
    }

    private AccountVault vault() {
        if (vault == null) {
            vault = AccountVault.forOperators(vaultKeyFile);
        }
        return vault;
    }

    @Override
    public void close() {
        chunks.shutdown();
        sends.shutdown();
        sender.close();
        journal.close();
    }
}
