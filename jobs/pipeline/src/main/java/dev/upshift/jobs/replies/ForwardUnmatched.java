package dev.upshift.jobs.replies;

import dev.upshift.common.config.Delivery;
import dev.upshift.common.model.AuditRecord;
import dev.upshift.common.reply.ReceivedReply;
import dev.upshift.common.reply.ReplyLabel;
import dev.upshift.common.reply.ReplyOutcome;
import dev.upshift.common.reply.ReplyOutcomes;
import dev.upshift.common.reply.ReplyPlaybook;
import dev.upshift.jobs.runtime.OutputTags;
import java.util.Set;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * A reply that answers no offer the agent knows: recorded as unmatched, and forwarded to the mailbox's owner when a
 * person wrote it. Machine mail is only recorded, so that two auto-responders can never mail each other forever, and
 * so is mail to the unsubscribe mailbox, which has no owner. A mailto unsubscribe with a valid token is honoured here
 * too: the token names its offer.
 */
public class ForwardUnmatched extends ProcessFunction<ReceivedReply, ReplyOutcome> {
    private static final Set<String> MACHINE_MAIL = Set.of(ReplyLabel.AUTO_REPLY.id(), ReplyLabel.HARD_BOUNCE.id(), ReplyLabel.SOFT_BOUNCE.id());

    private final Delivery delivery;
    private final String configVersion;

    public ForwardUnmatched(Delivery delivery, String configVersion) {
        this.delivery = delivery;
        this.configVersion = configVersion;
    }

    @Override
    public void processElement(ReceivedReply reply, Context ctx, Collector<ReplyOutcome> out) {
        if (reply.unsubscribeAccountId != null) {
            // A mailto unsubscribe whose offer thread is gone (or never was, in this job's state): its token still names
            // the account and the offer, so the opt-out is recorded as the unsubscribe endpoint records it.
            ctx.output(ReplyDesk.FEEDBACK, ReplyOutcomes.unsubscribeByToken(reply));
            emit(ReplyOutcomes.unsubscribedByToken(reply), ctx, out);
            return;
        }
        ReplyOutcome outcome = ReplyOutcomes.unmatched(reply);
        Delivery.Identity owner = reply.ownerId == null ? null : delivery.identities().get(reply.ownerId);
        if (!MACHINE_MAIL.contains(reply.classification.label) && owner != null) {
            ctx.output(ReplyDesk.MAILS, ReplyOutcomes.mail(ReplyPlaybook.Act.FORWARD_UNMATCHED, null, reply, delivery, owner,
                    ctx.timerService().currentProcessingTime()));
            outcome.actions.add(ReplyPlaybook.Act.FORWARD_UNMATCHED.id());
        }
        emit(outcome, ctx, out);
    }

    private void emit(ReplyOutcome outcome, Context ctx, Collector<ReplyOutcome> out) {
        out.collect(outcome);
        ctx.output(OutputTags.AUDIT, AuditRecord.of(outcome, configVersion));
    }
}
