package dev.upshift.jobs.delivery;

import dev.upshift.common.config.Delivery;
import dev.upshift.common.mail.SendWindow;
import dev.upshift.common.model.AuditRecord;
import dev.upshift.common.model.DeliveryTouch;
import dev.upshift.common.model.Feedback;
import dev.upshift.common.model.MailDraft;
import dev.upshift.jobs.runtime.OutputTags;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The last gate before sending, per account. A mail leaves only inside the send window in its contact's timezone;
 * outside it, it waits in keyed state, audited as held, until an event-time timer at the window's opening releases
 * it. An outcome for the account (an unsubscribe, a decline, a question handed to the owner…) stops every mail
 * of the account drafted before it: held ones, and ones still in drafting or review that arrive later, each
 * audited as cancelled. Event time keeps replays and backtests faithful to when things happened.
 */
public class SendWindowFunction extends KeyedCoProcessFunction<String, MailDraft, Feedback, MailDraft> {
    /** The longest a mail may still be held after its account's stop: a week to the next window opening. */
    private static final Duration LONGEST_WAIT_FOR_WINDOW = Duration.ofDays(7);

    private final Delivery.SendWindow settings;
    private final long stopRememberedFor;
    private final String configVersion;

    private transient SendWindow window;
    private transient MapState<String, MailDraft> held;
    private transient ValueState<Feedback> stop;

    public SendWindowFunction(Delivery delivery, String configVersion) {
        this.settings = delivery.sendWindow();
        // A mail drafted before the stop can still come out of review this long after it.
        this.stopRememberedFor = delivery.review().expireAfter().plus(LONGEST_WAIT_FOR_WINDOW).toMillis();
        this.configVersion = configVersion;
    }

    @Override
    public void open(OpenContext openContext) {
        window = new SendWindow(settings);
        held = getRuntimeContext().getMapState(heldMails());
        stop = getRuntimeContext().getState(mailStop());
    }

    @Override
    public void processElement1(MailDraft mail, Context ctx, Collector<MailDraft> out) throws Exception {
        long now = ctx.timestamp();
        if (isStopped(mail, ctx.timerService().currentWatermark())) {
            cancel(mail, now, ctx);
            return;
        }
        long opens = window.nextOpening(Instant.ofEpochMilli(now), ZoneId.of(mail.timezone)).toEpochMilli();
        if (opens <= now) {
            out.collect(mail);
            return;
        }
        mail.sendAfter = opens;
        held.put(mail.offerId, mail);
        ctx.timerService().registerEventTimeTimer(opens);
        DeliveryTouch touch = DeliveryTouch.of(DeliveryTouch.HELD_FOR_WINDOW, mail);
        touch.sendAfter = opens;
        ctx.output(OutputTags.AUDIT, AuditRecord.of(mail, touch, now, configVersion));
    }

    /** Takes effect when the watermark reaches the outcome, so mail released before it in event time still leaves. */
    @Override
    public void processElement2(Feedback feedback, Context ctx, Collector<MailDraft> out) throws Exception {
        Feedback current = stop.value();
        if (current == null || feedback.occurredAt > current.occurredAt) {
            stop.update(feedback);
            ctx.timerService().registerEventTimeTimer(feedback.occurredAt);
            ctx.timerService().registerEventTimeTimer(feedback.occurredAt + stopRememberedFor);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<MailDraft> out) throws Exception {
        List<String> done = new ArrayList<>();
        for (Map.Entry<String, MailDraft> entry : held.entries()) {
            MailDraft mail = entry.getValue();
            if (isStopped(mail, timestamp)) {
                cancel(mail, timestamp, ctx);
                done.add(entry.getKey());
            } else if (mail.sendAfter <= timestamp) {
                out.collect(mail);
                done.add(entry.getKey());
            }
        }
        for (String offerId : done) {
            held.remove(offerId);
        }
        Feedback current = stop.value();
        if (current != null && current.occurredAt + stopRememberedFor <= timestamp) {
            stop.clear();
        }
    }

    /** Drafted no later than an outcome the watermark has reached. */
    private boolean isStopped(MailDraft mail, long watermark) throws Exception {
        Feedback current = stop.value();
        return current != null && current.occurredAt <= watermark && mail.draftedAt <= current.occurredAt;
    }

    private void cancel(MailDraft mail, long at, Context ctx) throws Exception {
        Feedback cause = stop.value();
        DeliveryTouch touch = DeliveryTouch.of(DeliveryTouch.CANCELLED, mail);
        touch.detail = "the account's outcome " + cause.outcome + " at " + Instant.ofEpochMilli(cause.occurredAt)
                + " stops mail drafted before it";
        ctx.output(OutputTags.AUDIT, AuditRecord.of(mail, touch, at, configVersion));
    }

    // Its keyed state. The names are part of the savepoint format: never rename one without a migration.

    /**
     * Mails waiting for their send window to open, by offerId. Each is removed
     * by the event-time timer at its window's opening.
     */
    private static MapStateDescriptor<String, MailDraft> heldMails() {
        return new MapStateDescriptor<>("held-mails", Types.STRING, Types.POJO(MailDraft.class));
    }

    /**
     * The latest outcome for an account, which stops its mail drafted before it. Cleared by the event-time timer once no mail drafted before it can still arrive.
     */
    private static ValueStateDescriptor<Feedback> mailStop() {
        return new ValueStateDescriptor<>("mail-stop", Types.POJO(Feedback.class));
    }
}
