package dev.upshift.jobs.delivery;

import dev.upshift.common.config.Delivery;
import dev.upshift.common.mail.SendWindow;
import dev.upshift.common.model.AuditRecord;
import dev.upshift.common.model.DeliveryTouch;
import dev.upshift.common.model.MailDraft;
import dev.upshift.jobs.operators.OutputTags;
import dev.upshift.jobs.operators.StateDescriptors;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Lets a mail leave only inside the send window in its contact's timezone. A mail outside it waits in keyed
 * state, audited as held, until an event-time timer at the window's opening releases it. Event time keeps
 * replays and backtests faithful to when the offer was made.
 */
public class SendWindowFunction extends KeyedProcessFunction<String, MailDraft, MailDraft> {
    private final Delivery.SendWindow settings;
    private final String configVersion;

    private transient SendWindow window;
    private transient MapState<String, MailDraft> held;

    public SendWindowFunction(Delivery.SendWindow settings, String configVersion) {
        this.settings = settings;
        this.configVersion = configVersion;
    }

    @Override
    public void open(OpenContext openContext) {
        window = new SendWindow(settings);
        held = getRuntimeContext().getMapState(StateDescriptors.heldMails());
    }

    @Override
    public void processElement(MailDraft mail, Context ctx, Collector<MailDraft> out) throws Exception {
        long now = ctx.timestamp();
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

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<MailDraft> out) throws Exception {
        List<String> released = new ArrayList<>();
        for (Map.Entry<String, MailDraft> entry : held.entries()) {
            if (entry.getValue().sendAfter <= timestamp) {
                out.collect(entry.getValue());
                released.add(entry.getKey());
            }
        }
        for (String offerId : released) {
            held.remove(offerId);
        }
    }
}
