package dev.upshift.jobs.replies.imap;

import dev.upshift.common.config.Delivery;
import dev.upshift.jobs.runtime.Secrets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The agents' mailboxes over IMAP, one split per identity's {@code replyTo} mailbox plus one for the
 * {@code List-Unsubscribe} mailto ({@code delivery.unsubscribe.mailto}), read-only. The split state is
 * the mailbox's {@code (UIDVALIDITY, last UID)} cursor, so a restored job continues exactly after the last message
 * it emitted before the checkpoint. Unbounded, it polls forever; bounded (demo, tests), it stops at each mailbox's end.
 */
public final class MailboxSource implements Source<ReceivedMail, MailboxSplit, List<MailboxSplit>> {
    private final List<MailboxSplit> mailboxes;
    private final Delivery.Imap imap;
    private final boolean bounded;

    public MailboxSource(Delivery delivery, boolean bounded) {
        List<MailboxSplit> splits = new ArrayList<>();
        delivery.identities().forEach((owner, identity) ->
                splits.add(new MailboxSplit(owner, identity.replyTo(), MailboxReader.Cursor.START)));
        String unsubscribeMailbox = delivery.unsubscribe().mailto();
        if (splits.stream().noneMatch(split -> split.mailbox().equalsIgnoreCase(unsubscribeMailbox))) {
            splits.add(new MailboxSplit(MailboxSplit.NO_OWNER, unsubscribeMailbox, MailboxReader.Cursor.START));
        }
        this.mailboxes = List.copyOf(splits);
        this.imap = delivery.replies().imap();
        this.bounded = bounded;
    }

    @Override
    public Boundedness getBoundedness() {
        return bounded ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SourceReader<ReceivedMail, MailboxSplit> createReader(SourceReaderContext context) {
        String password = Secrets.optional(imap.passwordEnv());
        return new MailboxSourceReader(() -> new MailboxSplitReader(imap, password, bounded), context);
    }

    @Override
    public SplitEnumerator<MailboxSplit, List<MailboxSplit>> createEnumerator(SplitEnumeratorContext<MailboxSplit> context) {
        return new MailboxEnumerator(context, mailboxes, bounded);
    }

    @Override
    public SplitEnumerator<MailboxSplit, List<MailboxSplit>> restoreEnumerator(SplitEnumeratorContext<MailboxSplit> context,
            List<MailboxSplit> pending) {
        return new MailboxEnumerator(context, pending, bounded);
    }

    @Override
    public SimpleVersionedSerializer<MailboxSplit> getSplitSerializer() {
        return MailboxSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<List<MailboxSplit>> getEnumeratorCheckpointSerializer() {
        return new MailboxSplitSerializer.Pending();
    }
}
