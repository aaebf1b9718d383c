package dev.upshift.jobs.replies.imap;

import java.io.Serializable;
import org.apache.flink.api.connector.source.SourceSplit;

/** One agent mailbox and how far it has been read: the unit the IMAP source assigns, checkpoints and restores. */
public record MailboxSplit(String ownerId, String mailbox, MailboxReader.Cursor cursor) implements SourceSplit, Serializable {
    @Override
    public String splitId() {
        return mailbox;
    }

    MailboxSplit at(MailboxReader.Cursor next) {
        return new MailboxSplit(ownerId, mailbox, next);
    }
}
