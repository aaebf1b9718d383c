package dev.upshift.jobs.delivery;

import dev.upshift.common.config.Delivery;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.mail.Addresses;
import dev.upshift.common.mail.MailKeys;
import dev.upshift.common.mail.SendOutcome;
import dev.upshift.common.mail.Settlements;
import dev.upshift.common.mail.Settlements.Settlement;
import dev.upshift.common.mail.UnsubscribeLinks;
import dev.upshift.common.model.Contact;
import dev.upshift.common.model.DeliveryRecord;
import dev.upshift.common.model.MailDraft;
import dev.upshift.common.reply.ReplyPlaybook;
import dev.upshift.common.vault.AccountVault;
import dev.upshift.jobs.runtime.Secrets;
import dev.upshift.jobs.runtime.metrics.CountersByKey;
import dev.upshift.jobs.runtime.metrics.UpshiftMetrics;
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
    private final Settlements settlements;
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
        this.settlements = new Settlements(config.version());
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
        List<Settlement> uncertain = new ArrayList<>();
        for (CommitRequest<MailDraft> request : requests) {
            DeliveryRecord last = journal.lastRecord(request.getCommittable().ledgerKey());
            if (last != null && DeliveryRecord.SENDING.equals(last.status)) {
                MailDraft mail = request.getCommittable();
                Delivery.Identity identity = delivery.identities().get(mail.ownerId);
                uncertain.add(settlements.uncertain(mail, last, identity, messageId(mail, identity), System.currentTimeMillis()));
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
        List<String> messageIds = new ArrayList<>();
        for (int i = 0; i < mails.size(); i++) {
            messageIds.add(messageId(mails.get(i), identities.get(i)));
        }
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
        List<Callable<SendOutcome>> tasks = new ArrayList<>();
        for (int i = 0; i < mails.size(); i++) {
            if (!cancelled.get(i)) {
                begun.add(settlements.begun(mails.get(i), identities.get(i), messageIds.get(i), System.currentTimeMillis()));
                tasks.add(sendTask(mails.get(i), contacts.get(i), identities.get(i)));
            }
        }
        journal.begin(begun);
        Iterator<Future<SendOutcome>> outcomes = sends.invokeAll(tasks).iterator();
        List<Settlement> results = new ArrayList<>();
        List<Boolean> settled = new ArrayList<>();
        for (int i = 0; i < mails.size(); i++) {
            MailDraft mail = mails.get(i);
            if (cancelled.get(i)) {
                results.add(settlements.cancelled(mail, identities.get(i), messageIds.get(i), System.currentTimeMillis()));
                settled.add(true);
            } else {
                SendOutcome outcome = outcomes.next().get();
                if (outcome.status() == SendOutcome.Status.TRANSIENT) {
                    LOG.warn("Mail for offer {} deferred: {}", mail.offerId, outcome.reply());
                }
                String contactKey = mail.isOfferMail() ? recipientKeys.get(i) : null;
                results.add(settlements.sent(mail, identities.get(i), messageIds.get(i), contactKey, outcome, System.currentTimeMillis()));
                settled.add(outcome.status() != SendOutcome.Status.TRANSIENT);
            }
        }
        journal.settle(results);
        results.forEach(settlement -> mailsByStatus.inc(settlement.outcome().status));
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

    /**
     * The send of one mail, or, when it cannot be sent at all, its failure: retrying would fail the same way, and a
     * failing commit would fail the job again after every restore.
     */
    private Callable<SendOutcome> sendTask(MailDraft mail, Contact contact, Delivery.Identity identity) {
        if (identity == null) {
            return () -> SendOutcome.unsendable("the owner " + mail.ownerId + " has no agent identity in the config any more");
        }
        Email email;
        try {
            email = compose(mail, contact, identity);
        } catch (RuntimeException e) {
            return () -> SendOutcome.unsendable("the mail cannot be built: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return () -> sender.send(email);
    }

    /** @param contact the offer mail's recipient; null for a later mail in the thread, which carries its own */
    private Email compose(MailDraft mail, Contact contact, Delivery.Identity identity) {
        return mail.isOfferMail()
                ? OutgoingMail.compose(mail, contact, identity, unsubscribe, keys)
                : OutgoingMail.composeInThread(mail, identity, keys);
    }

    /** The Message-ID the mail goes out with; null when its owner has no identity to send it as. */
    private String messageId(MailDraft mail, Delivery.Identity identity) {
        return identity == null ? null : OutgoingMail.messageId(mail, identity, keys);
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
