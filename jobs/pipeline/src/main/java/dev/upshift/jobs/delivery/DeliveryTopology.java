package dev.upshift.jobs.delivery;

import dev.upshift.common.config.Delivery;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.model.Approval;
import dev.upshift.common.model.AuditRecord;
import dev.upshift.common.model.DeadLetter;
import dev.upshift.common.model.Feedback;
import dev.upshift.common.model.MailDraft;
import dev.upshift.jobs.runtime.OutputTags;
import dev.upshift.jobs.runtime.llm.ChatCompletions;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * From offer requests to mails ready to send:
 *
 * <pre>
 * requests ─ draft (template, or model with template fallback; async) ─ route ─┬─ auto ─────────────────┬─ send window ─ mails
 *                                                                              └─ review ─┬─ review gate ─┘
 *                                                                                drafts ──┘      │
 * approvals ─────────────────────────────────────────────────────────────────────────────────────┘      │
 * outcomes (stop the account's mail drafted before them) ──────────────────────────────────────────────────┘
 * </pre>
 *
 * Sending itself is the caller's sink ({@link dev.upshift.jobs.delivery.MailSink}), committed after checkpoints.
 */
public final class DeliveryTopology {
    public record Outputs(DataStream<MailDraft> mails, DataStream<MailDraft> drafts, DataStream<AuditRecord> audit,
            DataStream<DeadLetter> deadLetters) {}

    private DeliveryTopology() {}

    public static Outputs build(DataStream<MailDraft> requests, DataStream<Approval> approvals, DataStream<Feedback> outcomes,
            UpshiftConfig config) {
        Delivery delivery = config.delivery();
        SingleOutputStreamOperator<MailDraft> routed = AsyncDataStream.orderedWait(requests, new DraftFunction(config),
                        ChatCompletions.asyncDeadlineMillis(delivery.llm()), TimeUnit.MILLISECONDS, delivery.llm().capacity())
                .returns(Types.POJO(MailDraft.class))
                .uid("draft-mail")
                .name("Draft mail")
                .process(new RouteDrafts(config.version()))
                .uid("route-drafts")
                .name("Route drafts");
        DataStream<MailDraft> forReview = routed.getSideOutput(RouteDrafts.TO_REVIEW);
        SingleOutputStreamOperator<MailDraft> reviewed = forReview
                .keyBy(draft -> draft.offerId, Types.STRING)
                .connect(approvals.keyBy(approval -> approval.offerId, Types.STRING))
                .process(new ReviewGate(config))
                .uid("review-gate")
                .name("Review gate");
        SingleOutputStreamOperator<MailDraft> mails = routed.union(reviewed)
                .keyBy(mail -> mail.accountId, Types.STRING)
                .connect(outcomes.keyBy(outcome -> outcome.accountId, Types.STRING))
                .process(new SendWindowFunction(delivery, config.version()))
                .uid("send-window")
                .name("Send window");
        return new Outputs(mails, forReview,
                routed.getSideOutput(OutputTags.AUDIT).union(reviewed.getSideOutput(OutputTags.AUDIT), mails.getSideOutput(OutputTags.AUDIT)),
                routed.getSideOutput(OutputTags.DEAD_LETTERS).union(reviewed.getSideOutput(OutputTags.DEAD_LETTERS)));
    }
}
