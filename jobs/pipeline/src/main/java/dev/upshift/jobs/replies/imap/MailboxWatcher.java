package dev.upshift.jobs.replies.imap;

import dev.upshift.common.config.Delivery;
import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IMAP IDLE on every mailbox whose server offers it, one connection and one daemon thread each: new mail wakes the
 * reader at once instead of at its next poll. Reading stays with the reader, which still polls, so a mailbox
 * without IDLE, or a watch that dropped, only costs latency. A quiet IDLE ends with the connection's read timeout,
 * {@link #IDLE_RENEWAL}, inside the 29 minutes after which servers may drop it, and is started again on a new
 * connection; so is one that failed, after a backoff.
 */
final class MailboxWatcher implements AutoCloseable {
    static final Duration IDLE_RENEWAL = Duration.ofMinutes(20);
    private static final Logger LOG = LoggerFactory.getLogger(MailboxWatcher.class);

    private final Delivery.Imap imap;
    private final String password;
    private final Runnable onNewMail;
    private final Session session;
    private final Map<String, Watch> watches = new LinkedHashMap<>();

    MailboxWatcher(Delivery.Imap imap, String password, Runnable onNewMail) {
        this.imap = imap;
        this.password = password;
        this.onNewMail = onNewMail;
        Properties props = MailboxReader.sessionProperties(imap.protocol(), imap.timeout());
        props.put("mail." + imap.protocol() + ".timeout", String.valueOf(IDLE_RENEWAL.toMillis()));
        this.session = Session.getInstance(props);
    }

    synchronized void watch(String mailbox) {
        Watch watch = new Watch(mailbox);
        watches.put(mailbox, watch);
        watch.thread.start();
    }

    synchronized void forget(String mailbox) {
        Watch watch = watches.remove(mailbox);
        if (watch != null) {
            watch.stop();
        }
    }

    @Override
    public synchronized void close() {
        watches.values().forEach(Watch::stop);
        watches.clear();
    }

    /** One mailbox's IDLE loop, on a thread of its own. */
    private final class Watch {
        final String mailbox;
        final Thread thread;
        volatile boolean stopped;
        volatile Store store;

        Watch(String mailbox) {
            this.mailbox = mailbox;
            this.thread = new Thread(this::run, "upshift-imap-idle " + mailbox);
            thread.setDaemon(true);
        }

        private void run() {
            Duration backoff = imap.backoff();
            while (!stopped) {
                try {
                    if (!idleUntilStopped()) {
                        return;
                    }
                    backoff = imap.backoff();
                } catch (Exception e) {
                    if (stopped) {
                        return;
                    }
                    LOG.debug("IDLE on mailbox {} ended ({}); starting it again", mailbox, e.toString());
                    sleep(backoff);
                    backoff = MailboxSplitReader.nextBackoff(backoff, imap);
                } finally {
                    closeStore();
                }
            }
        }

        /** False when the server has no IDLE: the mailbox is then only polled. */
        private boolean idleUntilStopped() throws Exception {
            store = session.getStore(imap.protocol());
            store.connect(imap.host(), imap.port(), mailbox, password);
            if (!((IMAPStore) store).hasCapability("IDLE")) {
                LOG.info("The server of mailbox {} has no IDLE: it is polled every {}", mailbox, imap.pollEvery());
                return false;
            }
            IMAPFolder folder = (IMAPFolder) store.getFolder(imap.folder());
            folder.open(Folder.READ_ONLY);
            folder.addMessageCountListener(new MessageCountAdapter() {
                @Override
                public void messagesAdded(MessageCountEvent event) {
                    onNewMail.run();
                }
            });
            while (!stopped) {
                folder.idle(true);
            }
            return true;
        }

        private void sleep(Duration wait) {
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                stopped = true;
            }
        }

        /** Closing the connection ends a running IDLE; done on the side, so that stopping never waits on the network. */
        void stop() {
            stopped = true;
            thread.interrupt();
            Thread closer = new Thread(this::closeStore, "upshift-imap-idle-close");
            closer.setDaemon(true);
            closer.start();
        }

        private void closeStore() {
            Store current = store;
            if (current != null) {
                try {
                    current.close();
                } catch (Exception e) {
                    LOG.debug("Closing the IDLE connection of {} failed", mailbox, e);
                }
            }
        }
    }
}
