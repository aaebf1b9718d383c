package dev.upshift.jobs.replies.imap;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

/**
 * Hands each mailbox to one reader, chosen by the mailbox's hash, as soon as that reader is there. Splits a failed
 * reader gave back wait here (and in the enumerator's checkpoint) until it registers again. A bounded source
 * tells every reader that no more splits will come, so each finishes once its mailboxes are read to the end.
 */
final class MailboxEnumerator implements SplitEnumerator<MailboxSplit, List<MailboxSplit>> {
    private final SplitEnumeratorContext<MailboxSplit> context;
    private final List<MailboxSplit> pending;
    private final boolean bounded;

    MailboxEnumerator(SplitEnumeratorContext<MailboxSplit> context, List<MailboxSplit> pending, boolean bounded) {
        this.context = context;
        this.pending = new ArrayList<>(pending);
        this.bounded = bounded;
    }

    @Override
    public void start() {}

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {}

    @Override
    public void addSplitsBack(List<MailboxSplit> splits, int subtaskId) {
        pending.addAll(splits);
        if (context.registeredReaders().containsKey(subtaskId)) {
            addReader(subtaskId);
        }
    }

    @Override
    public void addReader(int subtaskId) {
        List<MailboxSplit> mine = new ArrayList<>();
        for (MailboxSplit split : pending) {
            if (owner(split) == subtaskId) {
                mine.add(split);
            }
        }
        pending.removeAll(mine);
        mine.forEach(split -> context.assignSplit(split, subtaskId));
        if (bounded) {
            context.signalNoMoreSplits(subtaskId);
        }
    }

    private int owner(MailboxSplit split) {
        return Math.floorMod(split.mailbox().hashCode(), context.currentParallelism());
    }

    @Override
    public List<MailboxSplit> snapshotState(long checkpointId) {
        return new ArrayList<>(pending);
    }

    @Override
    public void close() {}
}
