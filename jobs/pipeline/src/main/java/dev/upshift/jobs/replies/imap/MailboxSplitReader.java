package dev.upshift.jobs.replies.imap;

import dev.upshift.common.config.Delivery;
import dev.upshift.common.mail.Addresses;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every mailbox assigned to this subtask in turn, a batch at a time, and waits {@code pollEvery} when none had
 * anything new, or until IMAP IDLE reports new mail ({@link MailboxWatcher}) or new mailboxes arrive. A mailbox that fails is closed and retried after a backoff that
 * doubles up to ten times its first value, while the others go on; it catches up from its cursor once it is back.
 * In a bounded run a mailbox is finished once a read finds nothing new.
 */
final class MailboxSplitReader implements SplitReader<ReceivedMail, MailboxSplit> {
    private static final Logger LOG = LoggerFactory.getLogger(MailboxSplitReader.class);

    /** A mailbox being read: its cursor, its connection, and when to try again after a failure. */
    private static final class Watched {
        MailboxSplit split;
        MailboxReader reader;
        long retryAt;
        Duration backoff;

        Watched(MailboxSplit split, Duration backoff) {
            this.split = split;
            this.backoff = backoff;
        }
    }

    private final Delivery.Imap imap;
    private final String password;
    private final boolean bounded;
    private final Map<String, Watched> watched = new LinkedHashMap<>();
    private final Object wake = new Object();
    private final MailboxWatcher watcher;
    private boolean woken;

    MailboxSplitReader(Delivery.Imap imap, String password, boolean bounded) {
        this.imap = imap;
        this.password = password;
        this.bounded = bounded;
        // A bounded read ends at each mailbox's end and needs no IDLE.
        this.watcher = bounded ? null : new MailboxWatcher(imap, password, this::wakeUp);
    }

    @Override
    public RecordsWithSplitIds<ReceivedMail> fetch() {
        Map<String, Collection<ReceivedMail>> records = new HashMap<>();
        Set<String> finished = new HashSet<>();
        long now = System.currentTimeMillis();
        for (Watched mailbox : watched.values()) {
            if (now < mailbox.retryAt) {
                continue;
            }
            List<ReceivedMail> read = read(mailbox);
            if (read == null) {
                continue;
            }
            if (!read.isEmpty()) {
                records.put(mailbox.split.splitId(), read);
            } else if (bounded) {
                finished.add(mailbox.split.splitId());
            }
        }
        finished.forEach(this::forget);
        if (records.isEmpty() && finished.isEmpty()) {
            waitForMail();
        }
        return new RecordsBySplits<>(records, finished);
    }

    /** The new messages, oldest first; null when the mailbox could not be read (it is retried later). */
    private List<ReceivedMail> read(Watched mailbox) {
        try {
            if (mailbox.reader == null) {
                mailbox.reader = new MailboxReader(new MailboxReader.Mailbox(imap.protocol(), imap.host(), imap.port(),
                        mailbox.split.mailbox(), password, imap.folder()), imap.timeout());
            }
            MailboxReader.Batch batch = mailbox.reader.readAfter(mailbox.split.cursor(), imap.batchSize());
            if (batch.resynchronized()) {
                LOG.warn("Mailbox {} changed its UIDVALIDITY ({} to {}): reading it again from the start",
                        mailbox.split.mailbox(), mailbox.split.cursor().uidValidity(), batch.next().uidValidity());
            }
            mailbox.split = mailbox.split.at(batch.next());
            mailbox.backoff = imap.backoff();
            List<ReceivedMail> read = new ArrayList<>();
            for (MailboxReader.Fetched fetched : batch.mails()) {
                read.add(received(mailbox.split, batch, fetched));
            }
            return read;
        } catch (Exception e) {
            LOG.warn("Cannot read mailbox {} ({}: {}); retrying in {}", mailbox.split.mailbox(), e.getClass().getSimpleName(),
                    Addresses.redacted(e.getMessage()), mailbox.backoff);
            closeQuietly(mailbox);
            mailbox.retryAt = System.currentTimeMillis() + mailbox.backoff.toMillis();
            mailbox.backoff = nextBackoff(mailbox.backoff, imap);
            return null;
        }
    }

    /** The wait after another failure: twice the last, up to ten times the configured first wait. */
    static Duration nextBackoff(Duration last, Delivery.Imap imap) {
        Duration doubled = last.multipliedBy(2);
        Duration ceiling = imap.backoff().multipliedBy(10);
        return doubled.compareTo(ceiling) > 0 ? ceiling : doubled;
    }

    private static ReceivedMail received(MailboxSplit split, MailboxReader.Batch batch, MailboxReader.Fetched fetched) {
        ReceivedMail mail = new ReceivedMail();
        mail.ownerId = split.owner();
        mail.mailbox = split.mailbox();
        mail.uidValidity = batch.next().uidValidity();
        mail.uid = fetched.uid();
        mail.raw = fetched.raw();
        mail.receivedAt = fetched.receivedAt();
        mail.resynchronized = batch.resynchronized();
        return mail;
    }

    private void waitForMail() {
        long wait = Math.min(imap.pollEvery().toMillis(), millisToNextRetry());
        synchronized (wake) {
            if (!woken && wait > 0) {
                try {
                    wake.wait(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            woken = false;
        }
    }

    private long millisToNextRetry() {
        long now = System.currentTimeMillis();
        return watched.values().stream().filter(mailbox -> mailbox.retryAt > now)
                .mapToLong(mailbox -> mailbox.retryAt - now).min().orElse(Long.MAX_VALUE);
    }

    @Override
    public void handleSplitsChanges(SplitsChange<MailboxSplit> change) {
        if (change instanceof SplitsAddition<MailboxSplit> addition) {
            for (MailboxSplit split : addition.splits()) {
                watched.put(split.splitId(), new Watched(split, imap.backoff()));
                if (watcher != null) {
                    watcher.watch(split.mailbox());
                }
            }
        }
    }

    @Override
    public void wakeUp() {
        synchronized (wake) {
            woken = true;
            wake.notifyAll();
        }
    }

    private void forget(String mailbox) {
        closeQuietly(watched.remove(mailbox));
        if (watcher != null) {
            watcher.forget(mailbox);
        }
    }

    private static void closeQuietly(Watched mailbox) {
        if (mailbox != null && mailbox.reader != null) {
            try {
                mailbox.reader.close();
            } catch (Exception e) {
                LOG.debug("Closing mailbox {} failed", mailbox.split.mailbox(), e);
            }
            mailbox.reader = null;
        }
    }

    @Override
    public void close() {
        new ArrayList<>(watched.keySet()).forEach(this::forget);
        if (watcher != null) {
            watcher.close();
        }
    }
}
