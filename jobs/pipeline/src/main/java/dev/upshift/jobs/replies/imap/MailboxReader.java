package dev.upshift.jobs.replies.imap;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Reads an IMAP mailbox from a cursor, read-only: the mailbox's {@code UIDVALIDITY} and the last UID processed.
 * Messages are fetched with {@code peek}, so nothing a CSM might want to read is marked as seen. When
 * {@code UIDVALIDITY} changes, every UID is void: the mailbox is read again from the start and the batch says so,
 * for the caller to drop the repeats it has seen by Message-ID.
 */
public final class MailboxReader implements AutoCloseable {
    /** Where reading stands: {@code lastUid} 0 means nothing read yet. */
    public record Cursor(long uidValidity, long lastUid) implements Serializable {
        public static final Cursor START = new Cursor(0, 0);
    }

    /** One message, as received, with its UID. */
    public record Fetched(long uid, byte[] raw, long receivedAt) {}

    /** What one read found, and the cursor to continue from. */
    public record Batch(List<Fetched> mails, Cursor next, boolean resynchronized) {}

    /** @param protocol {@code imap} or {@code imaps} */
    public record Mailbox(String protocol, String host, int port, String username, String password, String folder) {}

    private final Mailbox mailbox;
    private final Session session;
    private Store store;

    public MailboxReader(Mailbox mailbox, Duration timeout) {
        this.mailbox = mailbox;
        this.session = Session.getInstance(sessionProperties(mailbox.protocol(), timeout));
    }

    /** Every exchange with a timeout (JavaMail's default is none), nothing marked seen, the server's identity checked. */
    static Properties sessionProperties(String protocol, Duration timeout) {
        Properties props = new Properties();
        String prefix = "mail." + protocol + ".";
        props.put(prefix + "connectiontimeout", String.valueOf(timeout.toMillis()));
        props.put(prefix + "timeout", String.valueOf(timeout.toMillis()));
        props.put(prefix + "writetimeout", String.valueOf(timeout.toMillis()));
        props.put(prefix + "peek", "true");
        props.put(prefix + "ssl.checkserveridentity", "true");
        return props;
    }

    /** Up to {@code max} messages after the cursor, oldest first. */
    public Batch readAfter(Cursor cursor, int max) throws MessagingException, IOException {
        Folder folder = connected().getFolder(mailbox.folder());
        folder.open(Folder.READ_ONLY);
        try {
            UIDFolder uids = (UIDFolder) folder;
            long validity = uids.getUIDValidity();
            boolean resync = cursor.uidValidity() != 0 && cursor.uidValidity() != validity;
            long after = resync || cursor.uidValidity() == 0 ? 0 : cursor.lastUid();
            List<Fetched> fetched = new ArrayList<>();
            long last = after;
            // UID n:* always returns the newest message, even when its UID is below n: keep only what is new.
            for (Message message : uids.getMessagesByUID(after + 1, UIDFolder.MAXUID)) {
                long uid = uids.getUID(message);
                if (uid <= after || fetched.size() == max) {
                    continue;
                }
                fetched.add(new Fetched(uid, raw(message), received(message)));
                last = Math.max(last, uid);
            }
            return new Batch(fetched, new Cursor(validity, last), resync);
        } finally {
            folder.close(false);
        }
    }

    private Store connected() throws MessagingException {
        if (store == null || !store.isConnected()) {
            store = session.getStore(mailbox.protocol());
            store.connect(mailbox.host(), mailbox.port(), mailbox.username(), mailbox.password());
        }
        return store;
    }

    private static byte[] raw(Message message) throws MessagingException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }

    private static long received(Message message) throws MessagingException {
        if (message.getReceivedDate() != null) {
            return message.getReceivedDate().getTime();
        }
        return message.getSentDate() != null ? message.getSentDate().getTime() : System.currentTimeMillis();
    }

    @Override
    public void close() throws MessagingException {
        if (store != null) {
            store.close();
        }
    }
}
