package dev.upshift.jobs.delivery;

import dev.upshift.common.model.AuditRecord;
import dev.upshift.common.model.DeadLetter;
import dev.upshift.common.model.DeliveryRecord;
import java.io.Serializable;

/**
 * Where the mail committer records what it did, durably and before it moves on: the delivery ledger (which
 * offers were sent), and the audit and dead-letter records of each send. A send happens after the checkpoint
 * that holds it, outside the dataflow, so these are written directly rather than emitted downstream.
 */
public interface DeliveryJournal extends AutoCloseable {
    /** Opens a journal on the task manager; the sink carries only this. */
    interface Factory extends Serializable {
        DeliveryJournal open();
    }

    /** The last recorded state of the offer's mail, or null when it was never touched. */
    DeliveryRecord lastRecord(String offerId);

    void record(DeliveryRecord record);

    void audit(AuditRecord record);

    void deadLetter(DeadLetter letter);

    @Override
    void close();
}
