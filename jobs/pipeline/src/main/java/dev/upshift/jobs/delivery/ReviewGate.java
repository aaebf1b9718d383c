package dev.upshift.jobs.delivery;

import dev.upshift.common.config.Delivery;
import dev.upshift.common.config.PlanCatalog;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.json.Json;
import dev.upshift.common.mail.Draft;
import dev.upshift.common.mail.DraftCheck;
import dev.upshift.common.mail.DraftFacts;
import dev.upshift.common.model.Account;
import dev.upshift.common.model.Approval;
import dev.upshift.common.model.AuditRecord;
import dev.upshift.common.model.DeadLetter;
import dev.upshift.common.model.DeadLetterReason;
import dev.upshift.common.model.DeliveryTouch;
import dev.upshift.common.model.MailDraft;
import dev.upshift.common.vault.AccountVault;
import dev.upshift.jobs.runtime.OutputTags;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Holds drafts in review mode, keyed by offer, until a reviewer decides: approve, approve with edited text, or
 * reject. Only the account's owner or a configured admin may decide; anyone else is refused and audited, and the
 * draft keeps waiting. Edited text must pass the same house rules as a model's draft. A draft nobody decides on
 * expires after {@code delivery.review.expireAfter}.
 */
public class ReviewGate extends KeyedCoProcessFunction<String, MailDraft, Approval, MailDraft> {
    private final Delivery delivery;
    private final PlanCatalog catalog;
    private final String configVersion;
    private final String vaultKeyFile;

    private transient AccountVault vault;
    private transient DraftCheck check;
    private transient ValueState<MailDraft> inReview;
    private transient ListState<Approval> early;

    public ReviewGate(UpshiftConfig config) {
        this.delivery = config.delivery();
        this.catalog = config.catalog();
        this.configVersion = config.version();
        this.vaultKeyFile = config.vault().keyFile();
    }

    @Override
    public void open(OpenContext openContext) {
        vault = AccountVault.forOperators(vaultKeyFile);
        check = new DraftCheck(delivery.currency());
        inReview = getRuntimeContext().getState(draftInReview());
        early = getRuntimeContext().getListState(earlyApprovals());
    }

    @Override
    public void processElement1(MailDraft draft, Context ctx, Collector<MailDraft> out) throws Exception {
        inReview.update(draft);
        ctx.timerService().registerEventTimeTimer(ctx.timestamp() + delivery.review().expireAfter().toMillis());
        List<Approval> waiting = new ArrayList<>();
        early.get().forEach(waiting::add);
        early.clear();
        for (Approval approval : waiting) {
            if (inReview.value() != null) {
                decide(inReview.value(), approval, approval.decidedAt, ctx, out);
            }
        }
    }

    @Override
    public void processElement2(Approval approval, Context ctx, Collector<MailDraft> out) throws Exception {
        MailDraft draft = inReview.value();
        if (draft == null) {
            early.add(approval);
            ctx.timerService().registerEventTimeTimer(approval.decidedAt + delivery.review().expireAfter().toMillis());
            return;
        }
        decide(draft, approval, ctx.timestamp(), ctx, out);
    }

    private void decide(MailDraft draft, Approval approval, long now, Context ctx, Collector<MailDraft> out) {
        if (!mayDecide(approval.approverId, draft)) {
            audit(draft, DeliveryTouch.APPROVAL_REFUSED, approval, approval.approverId + " is neither the owner ("
                    + draft.ownerId + ") nor an admin; the draft keeps waiting", now, ctx);
            return;
        }
        switch (approval.decision) {
            case Approval.REJECT -> {
                audit(draft, DeliveryTouch.REJECTED, approval, approval.note, now, ctx);
                inReview.clear();
            }
            case Approval.APPROVE -> release(draft, DeliveryTouch.APPROVED, approval, now, ctx, out);
            case Approval.EDIT -> {
                Optional<DraftCheck.Refusal> refusal = checkEdit(draft, new Draft(approval.subject, approval.body));
                if (refusal.isPresent()) {
                    audit(draft, DeliveryTouch.EDIT_REFUSED, approval, refusal.get().reason() + ": " + refusal.get().detail()
                            + "; the draft keeps waiting", now, ctx);
                    return;
                }
                draft.subject = approval.subject;
                draft.body = approval.body;
                release(draft, DeliveryTouch.EDITED, approval, now, ctx, out);
            }
            default -> throw new IllegalArgumentException("unknown review decision " + approval.decision);
        }
    }

    private boolean mayDecide(String approverId, MailDraft draft) {
        return approverId.equals(draft.ownerId) || delivery.review().admins().contains(approverId);
    }

    private Optional<DraftCheck.Refusal> checkEdit(MailDraft draft, Draft edited) {
        Account account = vault.open(draft.account);
        Delivery.Identity identity = delivery.identities().get(draft.ownerId);
        DraftFacts facts = DraftFacts.of(draft.decision, account, identity, catalog, delivery);
        String locale = account.contact.locale != null ? account.contact.locale : delivery.locale();
        return check.check(edited, facts, Locale.forLanguageTag(locale));
    }

    private void release(MailDraft draft, String stage, Approval approval, long now, Context ctx, Collector<MailDraft> out) {
        draft.approverId = approval.approverId;
        draft.approval = stage;
        audit(draft, stage, approval, approval.note, now, ctx);
        inReview.clear();
        out.collect(draft);
    }

    private void audit(MailDraft draft, String stage, Approval approval, String detail, long now, Context ctx) {
        DeliveryTouch touch = DeliveryTouch.of(stage, draft);
        touch.approverId = approval.approverId;
        touch.detail = detail;
        ctx.output(OutputTags.AUDIT, AuditRecord.of(draft, touch, now, configVersion));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<MailDraft> out) throws Exception {
        MailDraft draft = inReview.value();
        if (draft != null && timestamp >= draft.draftedAt + delivery.review().expireAfter().toMillis()) {
            DeliveryTouch touch = DeliveryTouch.of(DeliveryTouch.REVIEW_EXPIRED, draft);
            touch.detail = "no decision within " + delivery.review().expireAfter();
            ctx.output(OutputTags.AUDIT, AuditRecord.of(draft, touch, timestamp, configVersion));
            inReview.clear();
        }
        List<Approval> kept = new ArrayList<>();
        for (Approval approval : early.get()) {
            if (timestamp >= approval.decidedAt + delivery.review().expireAfter().toMillis()) {
                ctx.output(OutputTags.DEAD_LETTERS, DeadLetter.of(DeadLetterReason.UNKNOWN_OFFER,
                        "no draft in review for offer " + approval.offerId + " within " + delivery.review().expireAfter(),
                        approval.accountId, null, Json.toText(approval)));
            } else {
                kept.add(approval);
            }
        }
        early.update(kept);
    }

    // Its keyed state. The names are part of the savepoint format: never rename one without a migration.

    /** A draft waiting for its reviewer. Cleared by a decision or by the expiry timer. */
    private static ValueStateDescriptor<MailDraft> draftInReview() {
        return new ValueStateDescriptor<>("draft-in-review", Types.POJO(MailDraft.class));
    }

    /**
     * Decisions that arrived before their draft (a replay reads the approvals topic faster than drafts are made).
     * applied when the draft arrives, or dead-lettered by the expiry timer.
     */
    private static ListStateDescriptor<Approval> earlyApprovals() {
        return new ListStateDescriptor<>("early-approvals", Types.POJO(Approval.class));
    }
}
