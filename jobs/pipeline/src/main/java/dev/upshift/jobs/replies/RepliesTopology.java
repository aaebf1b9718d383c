package dev.upshift.jobs.replies;

import dev.upshift.common.config.Delivery;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.mail.MailKeys;
import dev.upshift.common.model.AuditRecord;
import dev.upshift.common.model.DeadLetter;
import dev.upshift.common.model.DeliveryRecord;
import dev.upshift.common.model.Feedback;
import dev.upshift.common.model.MailDraft;
import dev.upshift.common.reply.ReceivedReply;
import dev.upshift.common.reply.ReplyOutcome;
import dev.upshift.jobs.replies.imap.ReceivedMail;
import dev.upshift.jobs.runtime.OutputTags;
import dev.upshift.jobs.runtime.llm.ChatCompletions;
import dev.upshift.jobs.runtime.metrics.CountDeadLetters;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The reply loop, run as its own job from the same jar ({@code ./upshift replies}): the agents' mailboxes and
 * the delivery ledger in; outcomes, feedback for the guardrails, mails to customers and owners, audit and dead
 * letters out.
 *
 * <pre>
 * mailboxes ─ read and classify ─ match by sender (no thread headers) ─┬─ reply desk (per offer) ─ outcomes, feedback, mails
 *                                                                       │   (hand-offs: a suggested answer, when the model is on)
 * ledger: offer mails sent ───────────────┴─────────────────────────────┘          │
 *                                             unmatched ───────── forward to owner ┘
 *                                             (a mailto unsubscribe whose thread is gone: feedback by its token)
 * </pre>
 */
public final class RepliesTopology {
    public record Outputs(DataStream<ReplyOutcome> outcomes, DataStream<Feedback> feedback, DataStream<MailDraft> mails,
            DataStream<AuditRecord> audit, DataStream<DeadLetter> deadLetters) {}

    private RepliesTopology() {}

    /** With the model on, hand-offs end with a suggested answer (async, ordered, bounded); else mails pass as they are. */
    private static DataStream<MailDraft> withSuggestedAnswers(DataStream<MailDraft> mails, Delivery.Llm llm) {
        if (!llm.enabled()) {
            return mails;
        }
        return AsyncDataStream.orderedWait(mails, new SuggestAnswers(llm), ChatCompletions.asyncDeadlineMillis(llm),
                        TimeUnit.MILLISECONDS, llm.capacity())
                .returns(Types.POJO(MailDraft.class))
                .uid("suggest-answers")
                .name("Suggest answers");
    }

    public static Outputs build(DataStream<ReceivedMail> received, DataStream<DeliveryRecord> ledger, UpshiftConfig config) {
        DataStream<DeliveryRecord> offerMails = ledger
                .filter(record -> DeliveryRecord.SENT.equals(record.status) && DeliveryRecord.OFFER.equals(record.kind) && record.contactKey != null)
                .uid("offer-mails-sent")
                .name("Offer mails sent");
        SingleOutputStreamOperator<ReceivedReply> replies = received
                .process(new ReadReplies(config.delivery()))
                .uid("read-replies")
                .name("Read and classify replies");
        SingleOutputStreamOperator<ReceivedReply> placed = replies
                .keyBy(reply -> reply.senderKey == null ? "" : reply.senderKey, Types.STRING)
                .connect(offerMails.keyBy(record -> record.contactKey, Types.STRING))
                .process(new MatchBySender(config.delivery().replies()))
                .uid("match-by-sender")
                .name("Match by sender");
        SingleOutputStreamOperator<ReplyOutcome> desk = placed
                .keyBy(reply -> MailKeys.offerIdOf(reply.threadMailId), Types.STRING)
                .connect(offerMails.keyBy(record -> record.offerId, Types.STRING))
                .process(new ReplyDesk(config))
                .uid("reply-desk")
                .name("Reply desk");
        SingleOutputStreamOperator<ReplyOutcome> forwarded = placed.getSideOutput(ReplyDesk.UNMATCHED)
                .union(desk.getSideOutput(ReplyDesk.UNMATCHED))
                .process(new ForwardUnmatched(config.delivery(), config.version()))
                .uid("forward-unmatched")
                .name("Forward unmatched replies");
        return new Outputs(desk.union(forwarded), desk.getSideOutput(ReplyDesk.FEEDBACK).union(forwarded.getSideOutput(ReplyDesk.FEEDBACK)),
                withSuggestedAnswers(desk.getSideOutput(ReplyDesk.MAILS), config.delivery().llm())
                        .union(forwarded.getSideOutput(ReplyDesk.MAILS)),
                desk.getSideOutput(OutputTags.AUDIT).union(forwarded.getSideOutput(OutputTags.AUDIT)),
                CountDeadLetters.counted(replies.getSideOutput(OutputTags.DEAD_LETTERS)));
    }
}
