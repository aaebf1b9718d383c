package dev.upshift.jobs.replies;

import dev.upshift.common.config.Delivery;
import dev.upshift.common.model.AuditRecord;
import dev.upshift.common.reply.ReceivedReply;
import dev.upshift.common.reply.ReplyLabel;
import dev.upshift.common.reply.ReplyOutcome;
import dev.upshift.common.reply.ReplyPlaybook;
import dev.upshift.jobs.operators.OutputTags;
import java.util.Set;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * A reply that answers no offer the agent knows: recorded as unmatched, and forwarded to the mailbox's owner when a
 * person wrote it. Machine mail is only recorded, so that two auto-responders can never mail each other forever.
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
        reply.matchedBy = ReplyOutcome.UNMATCHED;
        ReplyOutcome outcome = ReplyDesk.outcome(reply, null);
        if (!MACHINE_MAIL.contains(reply.classification.label)) {
            ctx.output(ReplyDesk.MAILS, ReplyDesk.mail(ReplyPlaybook.Act.FORWARD_UNMATCHED, null, reply, delivery,
                    delivery.identities().get(reply.ownerId), ctx.timerService().currentProcessingTime()));
            outcome.actions.add(ReplyPlaybook.Act.FORWARD_UNMATCHED.id());
        }
        out.collect(outcome);
        ctx.output(OutputTags.AUDIT, AuditRecord.of(outcome, configVersion));
    }
}
