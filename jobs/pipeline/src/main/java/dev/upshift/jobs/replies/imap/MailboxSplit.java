package dev.upshift.jobs.replies.imap;

import java.io.Serializable;
import org.apache.flink.api.connector.source.SourceSplit;

/** One agent mailbox and how far it has been read: the unit the IMAP source assigns, checkpoints and restores. */
public record MailboxSplit(String ownerId, String mailbox, MailboxReader.Cursor cursor) implements SourceSplit, Serializable {
    /** The owner of the unsubscribe mailbox, which belongs to nobody (checkpoints hold no nulls). */
    static final String NO_OWNER = "";

    @Override
    public String splitId() {
        return mailbox;
    }

    /** The owner whose mailbox this is; null for the unsubscribe mailbox. */
    String owner() {
        return NO_OWNER.equals(ownerId) ? null : ownerId;
    }

    MailboxSplit at(MailboxReader.Cursor next) {
        return new MailboxSplit(ownerId, mailbox, next);
    }
}
