package dev.upshift.jobs.replies.imap;

/** A raw message as the IMAP source read it, with where it came from. */
public class ReceivedMail {
    public String ownerId;
    public String mailbox;
    public long uidValidity;
    public long uid;
    public byte[] raw;
    public long receivedAt;
    /** Read again after the mailbox's UIDVALIDITY changed: it may have been seen before. */
    public boolean resynchronized;

    public ReceivedMail() {}
}
