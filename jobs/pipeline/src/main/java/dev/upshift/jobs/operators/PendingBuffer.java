package dev.upshift.jobs.operators;

/** Bookkeeping for events held until their account record arrives. */
public class PendingBuffer {
    /** The deadline once the account record has arrived and held events are being replayed. */
    static final long REPLAYING = Long.MAX_VALUE;

    public int count;
    /** Event time at which still-held events go to the DLQ as unknown_account. */
    public long deadline;

    public PendingBuffer() {}

    boolean isReplaying() {
        return deadline == REPLAYING;
    }
}
