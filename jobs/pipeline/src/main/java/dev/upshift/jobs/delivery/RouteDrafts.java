package dev.upshift.jobs.delivery;

import dev.upshift.common.config.Delivery;
import dev.upshift.common.json.Json;
import dev.upshift.common.model.AuditRecord;
import dev.upshift.common.model.DeadLetter;
import dev.upshift.common.model.DeadLetterReason;
import dev.upshift.common.model.DeliveryTouch;
import dev.upshift.common.model.MailDraft;
import dev.upshift.jobs.runtime.OutputTags;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Audits each draft and sends it on: to the send window in auto mode, to review otherwise. An offer that cannot
 * be mailed goes to the DLQ, with its decision as the payload, so nothing is lost.
 */
public class RouteDrafts extends ProcessFunction<MailDraft, MailDraft> {
    public static final OutputTag<MailDraft> TO_REVIEW = new OutputTag<>("to-review", Types.POJO(MailDraft.class));

    private final String configVersion;

    public RouteDrafts(String configVersion) {
        this.configVersion = configVersion;
    }

    @Override
    public void processElement(MailDraft draft, Context ctx, Collector<MailDraft> out) {
        if (draft.undeliverable != null) {
            DeliveryTouch touch = DeliveryTouch.of(DeliveryTouch.UNDELIVERABLE, draft);
            touch.detail = draft.undeliverable;
            ctx.output(OutputTags.AUDIT, AuditRecord.of(draft, touch, ctx.timestamp(), configVersion));
            ctx.output(OutputTags.DEAD_LETTERS, DeadLetter.of(DeadLetterReason.UNDELIVERABLE, draft.undeliverable,
                    draft.accountId, null, Json.toText(draft.decision)));
            return;
        }
        boolean review = Delivery.REVIEW.equals(draft.mode);
        DeliveryTouch touch = DeliveryTouch.of(review ? DeliveryTouch.AWAITING_REVIEW : DeliveryTouch.DRAFTED, draft);
        ctx.output(OutputTags.AUDIT, AuditRecord.of(draft, touch, ctx.timestamp(), configVersion));
        if (review) {
            ctx.output(TO_REVIEW, draft);
        } else {
            out.collect(draft);
        }
    }
}
