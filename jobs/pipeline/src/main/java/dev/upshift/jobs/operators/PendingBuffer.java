package dev.upshift.jobs.operators;

/** Bookkeeping for events held until their account record arrives. */
public class PendingBuffer {
    public int count;
    /** Event time at which still-held events go to the DLQ as unknown_account. */
    public long deadline;

    public PendingBuffer() {}
}
