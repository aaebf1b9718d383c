package dev.upshift.jobs.replies;

import dev.upshift.common.config.Delivery;
import dev.upshift.common.model.DeliveryRecord;
import dev.upshift.common.reply.ReceivedReply;
import dev.upshift.common.reply.ReplyOutcome;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by the sender's address key: places a reply that carries no thread headers of ours under the latest offer
 * mailed to that address, while its conversation could still be going. A reply that has its thread passes as it
 * is; one that has neither goes to {@link ReplyDesk#UNMATCHED}.
 */
public class MatchBySender extends KeyedCoProcessFunction<String, ReceivedReply, DeliveryRecord, ReceivedReply> {
    private final long conversationMillis;

    private transient ValueState<DeliveryRecord> lastOfferMail;

    public MatchBySender(Delivery.Replies replies) {
        this.conversationMillis = replies.noResponseAfter().plus(replies.conversationTtl()).toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        lastOfferMail = getRuntimeContext().getState(lastOfferMailToContact());
    }

    @Override
    public void processElement1(ReceivedReply reply, Context ctx, Collector<ReceivedReply> out) throws Exception {
        DeliveryRecord last = lastOfferMail.value();
        if (reply.threadMailId == null && last != null) {
            reply.threadMailId = last.mailId;
            reply.matchedBy = ReplyOutcome.BY_SENDER;
        }
        if (reply.threadMailId == null) {
            reply.matchedBy = ReplyOutcome.UNMATCHED;
            ctx.output(ReplyDesk.UNMATCHED, reply);
        } else {
            out.collect(reply);
        }
    }

    /** Only what matching needs is kept: the mail's id and when it was sent. */
    @Override
    public void processElement2(DeliveryRecord offerMail, Context ctx, Collector<ReceivedReply> out) throws Exception {
        DeliveryRecord last = lastOfferMail.value();
        if (last != null && last.recordedAt >= offerMail.recordedAt) {
            return;
        }
        DeliveryRecord kept = new DeliveryRecord();
        kept.mailId = offerMail.ledgerKey();
        kept.offerId = offerMail.offerId;
        kept.recordedAt = offerMail.recordedAt;
        lastOfferMail.update(kept);
        ctx.timerService().registerProcessingTimeTimer(offerMail.recordedAt + conversationMillis);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ReceivedReply> out) throws Exception {
        DeliveryRecord last = lastOfferMail.value();
        if (last != null && last.recordedAt + conversationMillis <= timestamp) {
            lastOfferMail.clear();
        }
    }

    // Its keyed state. The names are part of the savepoint format: never rename one without a migration.

    /**
     * The latest offer mail sent to a contact, by the contact's address key, to place replies that carry no thread
     * headers. Cleared by the processing-time timer when its conversation would end.
     */
    private static ValueStateDescriptor<DeliveryRecord> lastOfferMailToContact() {
        return new ValueStateDescriptor<>("last-offer-mail-to-contact", Types.POJO(DeliveryRecord.class));
    }
}
