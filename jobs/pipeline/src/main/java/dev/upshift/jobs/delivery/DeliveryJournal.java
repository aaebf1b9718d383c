package dev.upshift.jobs.delivery;

import dev.upshift.common.mail.Settlements.Settlement;
import dev.upshift.common.model.DeliveryRecord;
import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the mail committer records what it did, durably and before it moves on: the delivery ledger (which
 * offers were sent), and the audit and dead-letter records of each send. A send happens after the checkpoint
 * that holds it, outside the dataflow, so these are written directly rather than emitted downstream.
 */
public interface DeliveryJournal extends AutoCloseable {
    /** Opens a journal on the task manager, for one committer subtask; the sink carries only this. */
    interface Factory extends Serializable {
        DeliveryJournal open(int subtask);
    }

    /** The last recorded state of a mail (by its {@link DeliveryRecord#ledgerKey()}), or null when it was never touched. */
    DeliveryRecord lastRecord(String ledgerKey);

    /**
     * The recipients among these address keys that are on the suppression list now, read up to its latest committed
     * entry: a mail waiting for its send window, for review or for a mail server to come back must not go to someone
     * who unsubscribed or complained meanwhile.
     */
    Set<String> suppressedAmong(Collection<String> addressKeys);

    /**
     * The latest opt-out (unsubscribed or complained) on the feedback topic of each of these accounts, by when it
     * happened, among those at or after {@code since}. The suppression list learns of an opt-out only once the decision
     * job has processed it, and while the mail server is down that job keeps failing its commits and restarting; the
     * unsubscribe endpoint writes the feedback topic itself, so a mail held through the outage is still stopped.
     */
    Map<String, Long> optOutsSince(Collection<String> accountIds, long since);

    /** Records that these sends are about to start; written before the first byte goes to the mail server. */
    void begin(List<DeliveryRecord> sending);

    /** Records how these sends ended, each with its audit record and dead letter: all or none. */
    void settle(List<Settlement> settlements);

    @Override
    void close();
}
