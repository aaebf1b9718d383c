package dev.upshift.jobs.decisions;

import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.logic.OfferPolicy;
import dev.upshift.common.model.AuditRecord;
import dev.upshift.common.model.DecidedOffer;
import dev.upshift.common.model.OfferDecision;
import dev.upshift.common.model.Suppression;
import dev.upshift.jobs.runtime.OutputTags;
import dev.upshift.jobs.runtime.metrics.CountersByKey;
import dev.upshift.jobs.runtime.metrics.UpshiftMetrics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The suppression list, keyed by the contact's address key, and the last word on every decision: a contact on it
 * is never mailed again. Whatever the offer decisions concluded about an account whose contact is on the list (they
 * may have forgotten it: a churned or deleted account, a state TTL, a start without state, another account with the
 * same address), the decision becomes {@code suppressed}/{@code opted_out}, as the guardrails would have made it.
 * Only here are decisions counted, audited and turned into mail requests.
 *
 * <p>Entries come from the compacted suppressions topic, read first at a start without state, and from the offer
 * decisions (an {@code unsubscribed} outcome, an account record that says {@code optedOut}); the ones learned
 * here are mirrored to the topic ({@link OutputTags#SUPPRESSIONS}). Only an explicit {@code lifted} record takes a
 * contact off the list, and that is audited. Entries read from the topic, and an account's opt-out, hold at once;
 * an unsubscribe holds from its event time. Whatever has an event time ahead of the watermark waits for it, and an
 * entry goes before the decisions of its moment, so a decision sees exactly the unsubscribes before it on every run.
 */
public class SuppressionList extends KeyedCoProcessFunction<String, DecidedOffer, Suppression, OfferDecision> {
    private static final Comparator<DecidedOffer> DECISION_ORDER = Comparator.<DecidedOffer>comparingLong(d -> d.decision.decidedAt)
            .thenComparing(d -> d.decision.offerId)
            .thenComparing(d -> d.decision.status);

    private final String configVersion;

    private transient CountersByKey decisions;
    private transient CountersByKey suppressions;
    private transient ValueState<Suppression> entry;
    private transient ListState<DecidedOffer> pendingDecisions;
    private transient ListState<Suppression> pendingEntries;

    public SuppressionList(UpshiftConfig config) {
        this.configVersion = config.version();
    }

    @Override
    public void open(OpenContext openContext) {
        MetricGroup metrics = UpshiftMetrics.of(getRuntimeContext().getMetricGroup());
        decisions = new CountersByKey(metrics, "status", "decisions");
        suppressions = new CountersByKey(metrics, "reason", "suppressions");
        entry = getRuntimeContext().getState(suppression());
        pendingDecisions = getRuntimeContext().getListState(decisionsAwaitingSuppressionList());
        pendingEntries = getRuntimeContext().getListState(suppressionsAwaitingWatermark());
    }

    @Override
    public void processElement1(DecidedOffer decided, Context ctx, Collector<OfferDecision> out) throws Exception {
        long at = decided.decision.decidedAt;
        if (at <= ctx.timerService().currentWatermark()) {
            decide(decided, ctx, out);
        } else {
            pendingDecisions.add(decided);
            ctx.timerService().registerEventTimeTimer(at);
        }
    }

    @Override
    public void processElement2(Suppression update, Context ctx, Collector<OfferDecision> out) throws Exception {
        long at = update.eventTime();
        if (at <= ctx.timerService().currentWatermark()) {
            apply(update, ctx);
        } else {
            pendingEntries.add(update);
            ctx.timerService().registerEventTimeTimer(at);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OfferDecision> out) throws Exception {
        List<Suppression> dueEntries = new ArrayList<>();
        List<Suppression> laterEntries = new ArrayList<>();
        for (Suppression update : pendingEntries.get()) {
            (update.eventTime() <= timestamp ? dueEntries : laterEntries).add(update);
        }
        List<DecidedOffer> dueDecisions = new ArrayList<>();
        List<DecidedOffer> laterDecisions = new ArrayList<>();
        for (DecidedOffer decided : pendingDecisions.get()) {
            (decided.decision.decidedAt <= timestamp ? dueDecisions : laterDecisions).add(decided);
        }
        updateOrClear(pendingEntries, laterEntries);
        updateOrClear(pendingDecisions, laterDecisions);
        dueEntries.sort(Comparator.comparingLong(Suppression::eventTime));
        dueDecisions.sort(DECISION_ORDER);
        int next = 0;
        for (DecidedOffer decided : dueDecisions) {
            while (next < dueEntries.size() && dueEntries.get(next).eventTime() <= decided.decision.decidedAt) {
                apply(dueEntries.get(next++), ctx);
            }
            decide(decided, ctx, out);
        }
        while (next < dueEntries.size()) {
            apply(dueEntries.get(next++), ctx);
        }
    }

    /** A new entry is kept and, when this job learned it, mirrored; a lift clears one and is audited. */
    private void apply(Suppression update, Context ctx) throws Exception {
        Suppression current = entry.value();
        if (update.isLift()) {
            if (current != null) {
                entry.clear();
                ctx.output(OutputTags.AUDIT, AuditRecord.of(update, configVersion));
            }
        } else if (current == null) {
            entry.update(update);
            if (update.source == null) {
                ctx.output(DecisionTags.SUPPRESSIONS, update);
            }
        }
    }

    private void decide(DecidedOffer decided, Context ctx, Collector<OfferDecision> out) throws Exception {
        OfferDecision decision = entry.value() == null ? decided.decision
                : OfferPolicy.asOptedOut(decided.signal, decided.decision).orElse(decided.decision);
        decisions.inc(decision.status);
        if (OfferDecision.SUPPRESSED.equals(decision.status)) {
            suppressions.inc(decision.reason);
        }
        out.collect(decision);
        ctx.output(OutputTags.AUDIT, AuditRecord.of(decided.signal, decision, configVersion));
        if (decided.mail != null && OfferDecision.REQUESTED.equals(decision.status)) {
            ctx.output(DecisionTags.MAIL_REQUESTS, decided.mail);
        }
    }

    private static <T> void updateOrClear(ListState<T> state, List<T> values) throws Exception {
        if (values.isEmpty()) {
            state.clear();
        } else {
            state.update(values);
        }
    }

    // Its keyed state. The names are part of the savepoint format: never rename one without a migration.

    /**
     * A contact on the suppression list, by address key. The one piece of state with
     * no timer and no TTL, on purpose: an opt-out must outlive everything else. It is bounded by the number of contacts
     * who ever opted out, and only an explicit lift record clears it.
     */
    private static ValueStateDescriptor<Suppression> suppression() {
        return new ValueStateDescriptor<>("suppression", Types.POJO(Suppression.class));
    }

    /** Decisions ahead of the watermark. Drained by the timer at each one's time. */
    private static ListStateDescriptor<DecidedOffer> decisionsAwaitingSuppressionList() {
        return new ListStateDescriptor<>("decisions-awaiting-suppression-list", Types.POJO(DecidedOffer.class));
    }

    /** Unsubscribes ahead of the watermark. Drained by the timer at each one's time. */
    private static ListStateDescriptor<Suppression> suppressionsAwaitingWatermark() {
        return new ListStateDescriptor<>("suppressions-awaiting-watermark", Types.POJO(Suppression.class));
    }
}
