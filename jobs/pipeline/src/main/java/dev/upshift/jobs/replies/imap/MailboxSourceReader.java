package dev.upshift.jobs.replies.imap;

import java.util.Map;
import java.util.function.Supplier;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;

/**
 * Emits each message with its receive time as timestamp and moves its mailbox's cursor past it in the same step,
 * so a checkpoint's cursor covers exactly the messages emitted before it: after a restore none is read twice.
 */
final class MailboxSourceReader extends SingleThreadMultiplexSourceReaderBase<ReceivedMail, ReceivedMail, MailboxSplit, MailboxSourceReader.Position> {
    /** Where a mailbox's reading stands, as of the last message emitted. */
    static final class Position {
        final MailboxSplit split;
        MailboxReader.Cursor cursor;

        Position(MailboxSplit split) {
            this.split = split;
            this.cursor = split.cursor();
        }
    }

    private static final RecordEmitter<ReceivedMail, ReceivedMail, Position> EMIT_AND_ADVANCE = (mail, output, position) -> {
        output.collect(mail, mail.receivedAt);
        position.cursor = new MailboxReader.Cursor(mail.uidValidity, mail.uid);
    };

    MailboxSourceReader(Supplier<SplitReader<ReceivedMail, MailboxSplit>> splitReaders, SourceReaderContext context) {
        super(splitReaders, EMIT_AND_ADVANCE, context.getConfiguration(), context);
    }

    @Override
    protected void onSplitFinished(Map<String, Position> finished) {}

    @Override
    protected Position initializedState(MailboxSplit split) {
        return new Position(split);
    }

    @Override
    protected MailboxSplit toSplitType(String splitId, Position position) {
        return position.split.at(position.cursor);
    }
}
