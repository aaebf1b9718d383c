package dev.upshift.jobs.replies;

import dev.upshift.common.config.Delivery;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.mail.MailKeys;
import dev.upshift.common.model.AuditRecord;
import dev.upshift.common.model.DeliveryRecord;
import dev.upshift.common.model.Feedback;
import dev.upshift.common.model.MailDraft;
import dev.upshift.common.reply.ReceivedReply;
import dev.upshift.common.reply.ReplyOutcome;
import dev.upshift.common.reply.ReplyOutcomes;
import dev.upshift.common.reply.ReplyPlaybook;
import dev.upshift.common.state.ReplyThread;
import dev.upshift.jobs.runtime.OutputTags;
import java.time.Duration;
import java.util.Arrays;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Follows each offer's thread, keyed by offerId: learns of the offer mail from the delivery ledger, then acts on
 * every reply to it per the {@link ReplyPlaybook}: one outcome on {@code upshift.outcomes}, the guardrail outcome
 * on {@code upshift.feedback}, and the mails to the customer or the owner. An offer mail without a human reply
 * within {@code noResponseAfter} (pushed past an out-of-office's return date) records no_response. Its clocks
 * are processing time: they measure how long real people have had to answer.
 */
public class ReplyDesk extends KeyedCoProcessFunction<String, ReceivedReply, DeliveryRecord, ReplyOutcome> {
    public static final OutputTag<Feedback> FEEDBACK = new OutputTag<>("reply-feedback", Types.POJO(Feedback.class));
    public static final OutputTag<MailDraft> MAILS = new OutputTag<>("reply-mails", Types.POJO(MailDraft.class));
    public static final OutputTag<ReceivedReply> UNMATCHED = new OutputTag<>("unmatched-replies", Types.POJO(ReceivedReply.class));
    /** How long a reply waits for its offer mail's ledger record, which a fresh start may read after the mailbox. */
    static final Duration THREAD_GRACE = Duration.ofMinutes(5);

    /** An outcome's action when a sender-matched reply had no authentication pass and so changed nothing. */
    static final String UNVERIFIED_SENDER = "sender_not_verified";

    private final Delivery delivery;
    private final String configVersion;
    private final long pauseAfterDecline;

    private transient ReplyPlaybook playbook;
    private transient ValueState<ReplyThread> threadState;
    private transient ListState<ReceivedReply> awaitingThread;

    public ReplyDesk(UpshiftConfig config) {
        this.delivery = config.delivery();
        this.configVersion = config.version();
        this.pauseAfterDecline = config.guardrails().pauseAfterDecline().toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        playbook = new ReplyPlaybook(delivery.replies().noResponseAfter());
        threadState = getRuntimeContext().getState(replyThread());
        awaitingThread = getRuntimeContext().getListState(repliesAwaitingThread());
    }

    @Override
    public void processElement1(ReceivedReply reply, Context ctx, Collector<ReplyOutcome> out) throws Exception {
        ReplyThread thread = threadState.value();
        if (thread == null) {
            awaitingThread.add(reply);
            ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + THREAD_GRACE.toMillis());
            return;
        }
        handle(reply, thread, ctx, out);
        threadState.update(thread);
    }

    /** An offer mail as sent: the thread starts, and so does the wait for a response. */
    @Override
    public void processElement2(DeliveryRecord offerMail, Context ctx, Collector<ReplyOutcome> out) throws Exception {
        if (threadState.value() != null) {
            return;
        }
        ReplyThread thread = new ReplyThread();
        thread.offerMail = offerMail;
        thread.noResponseAt = offerMail.recordedAt + delivery.replies().noResponseAfter().toMillis();
        thread.expiresAt = thread.noResponseAt + delivery.replies().conversationTtl().toMillis();
        ctx.timerService().registerProcessingTimeTimer(thread.noResponseAt);
        ctx.timerService().registerProcessingTimeTimer(thread.expiresAt);
        for (ReceivedReply early : awaitingThread.get()) {
            handle(early, thread, ctx, out);
        }
        awaitingThread.clear();
        threadState.update(thread);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ReplyOutcome> out) throws Exception {
        ReplyThread thread = threadState.value();
        if (thread == null) {
            for (ReceivedReply orphan : awaitingThread.get()) {
                ctx.output(UNMATCHED, orphan);
            }
            awaitingThread.clear();
            return;
        }
        if (thread.noResponseAt != null && timestamp >= thread.noResponseAt) {
            recordNoResponse(thread, ctx, out);
        }
        if (timestamp >= thread.expiresAt) {
            threadState.clear();
        } else {
            threadState.update(thread);
        }
    }

    private void handle(ReceivedReply reply, ReplyThread thread, Context ctx, Collector<ReplyOutcome> out) {
        if (thread.handledReplies.contains(reply.messageId)) {
            return;
        }
        thread.handledReplies.add(reply.messageId);
        DeliveryRecord offerMail = thread.offerMail;
        ReplyOutcome outcome = ReplyOutcomes.of(reply, offerMail);
        if (isOwnerNotice(reply.threadMailId)) {
            // Someone answered a notice meant for the owner: nothing for the agent to act on.
            outcome.actions.add("ignored_reply_to_owner_notice");
            emit(outcome, ctx, out);
            return;
        }
        Delivery.Identity identity = delivery.identities().get(offerMail.ownerId);
        boolean bookingLink = identity != null && identity.bookingLink() != null;
        ReplyPlaybook.Plan plan = reply.isUnverifiedSender() ? playbook.planForUnverifiedSender(reply.classification, thread.noResponseAt)
                : playbook.plan(reply.classification, outcome.fromContact, bookingLink, thread.noResponseAt);
        if (reply.isUnverifiedSender()) {
            outcome.actions.add(UNVERIFIED_SENDER);
        }
        if (identity == null) {
            // The owner's identity was removed from the config since the offer went out: nobody to write as.
            outcome.actions.add("owner_has_no_identity");
        } else {
            for (ReplyPlaybook.Act act : plan.acts()) {
                ctx.output(MAILS, ReplyOutcomes.mail(act, offerMail, reply, delivery, identity, ctx.timerService().currentProcessingTime()));
                outcome.actions.add(act.id());
            }
        }
        if (plan.feedback() != null && !thread.fedBack.contains(plan.feedback())) {
            thread.fedBack.add(plan.feedback());
            ctx.output(FEEDBACK, ReplyOutcomes.feedback(plan, offerMail, reply));
            outcome.feedback = plan.feedback();
            outcome.pausedUntil = effectivePause(plan, reply.receivedAt);
        }
        if (plan.noResponseAt() != null && !plan.noResponseAt().equals(thread.noResponseAt)) {
            ctx.timerService().registerProcessingTimeTimer(plan.noResponseAt());
            outcome.actions.add("no_response_deadline_moved");
        }
        thread.noResponseAt = plan.noResponseAt();
        outcome.noResponseAt = plan.noResponseAt();
        extend(thread, ctx);
        emit(outcome, ctx, out);
    }

    private static boolean isOwnerNotice(String mailId) {
        String purpose = mailId == null ? null : MailKeys.purposeOf(mailId);
        return purpose != null && Arrays.stream(ReplyPlaybook.Act.values())
                .anyMatch(act -> !act.toCustomer() && act.id().equals(purpose));
    }

    /** A reply keeps the conversation remembered for follow-ups. */
    private void extend(ReplyThread thread, Context ctx) {
        long until = ctx.timerService().currentProcessingTime() + delivery.replies().conversationTtl().toMillis();
        if (until > thread.expiresAt) {
            thread.expiresAt = until;
            ctx.timerService().registerProcessingTimeTimer(until);
        }
    }

    private void recordNoResponse(ReplyThread thread, OnTimerContext ctx, Collector<ReplyOutcome> out) {
        ctx.output(FEEDBACK, ReplyOutcomes.noResponseFeedback(thread.offerMail, thread.noResponseAt));
        ReplyOutcome outcome = ReplyOutcomes.noResponse(thread.offerMail, thread.noResponseAt);
        thread.noResponseAt = null;
        emit(outcome, ctx, out);
    }

    private void emit(ReplyOutcome outcome, Context ctx, Collector<ReplyOutcome> out) {
        out.collect(outcome);
        ctx.output(OutputTags.AUDIT, AuditRecord.of(outcome, configVersion));
    }

    /** What the pause will be: the reply's own date, or the guardrails' pause after a decline. */
    private Long effectivePause(ReplyPlaybook.Plan plan, long at) {
        if (!Feedback.DECLINED.equals(plan.feedback())) {
            return null;
        }
        return plan.pausedUntil() != null && plan.pausedUntil() > at ? plan.pausedUntil() : at + pauseAfterDecline;
    }

    // Its keyed state. The names are part of the savepoint format: never rename one without a migration.

    /**
     * An offer's thread as the reply desk follows it. Cleared by the processing-time timer
     * {@code conversationTtl} after the last thing that happened in it.
     */
    private static ValueStateDescriptor<ReplyThread> replyThread() {
        return new ValueStateDescriptor<>("reply-thread", Types.POJO(ReplyThread.class));
    }

    /**
     * Replies whose offer mail's record has not arrived yet. Handled when it arrives, or
     * forwarded as unmatched by the grace timer.
     */
    private static ListStateDescriptor<ReceivedReply> repliesAwaitingThread() {
        return new ListStateDescriptor<>("replies-awaiting-thread", Types.POJO(ReceivedReply.class));
    }
}
