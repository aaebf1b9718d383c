package dev.upshift.jobs.operators;

import dev.upshift.common.logic.OfferPolicy;
import dev.upshift.common.model.OfferDecision;
import dev.upshift.common.model.Signal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Decides, per account, what to do with each signal: request an offer, or suppress it with a reason.
 * Signals from different patterns reach this operator in no fixed order, so they wait for the watermark
 * and are decided in event-time order; that keeps replays and backtests deterministic.
 */
public class OfferDecisionFunction extends KeyedProcessFunction<String, Signal, OfferDecision> {
    private static final Comparator<Signal> EVENT_TIME_ORDER = Comparator.<Signal>comparingLong(s -> s.firedAt)
            .thenComparing(s -> s.signal)
            .thenComparing(OfferPolicy::offerId);

    private final OfferPolicy policy;

    private transient ListState<Signal> pendingSignals;
    private transient ValueState<Long> lastOfferRequestedAt;

    public OfferDecisionFunction(OfferPolicy policy) {
        this.policy = policy;
    }

    @Override
    public void open(OpenContext openContext) {
        pendingSignals = getRuntimeContext().getListState(StateDescriptors.pendingSignals());
        lastOfferRequestedAt = getRuntimeContext().getState(StateDescriptors.lastOfferRequestedAt());
    }

    @Override
    public void processElement(Signal signal, Context ctx, Collector<OfferDecision> out) throws Exception {
        pendingSignals.add(signal);
        ctx.timerService().registerEventTimeTimer(signal.firedAt);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OfferDecision> out) throws Exception {
        Long lastRequested = lastOfferRequestedAt.value();
        Long decidedRequest = decideDueSignals(timestamp, lastRequested, out);
        if (decidedRequest != null) {
            lastRequested = decidedRequest;
            lastOfferRequestedAt.update(lastRequested);
            ctx.timerService().registerEventTimeTimer(policy.cooldownEnd(lastRequested));
        }
        if (lastRequested != null && timestamp >= policy.cooldownEnd(lastRequested)) {
            lastOfferRequestedAt.clear();
        }
    }

    /** Decides the signals due by {@code timestamp}; returns when the latest offer was requested, or null. */
    private Long decideDueSignals(long timestamp, Long lastRequested, Collector<OfferDecision> out) throws Exception {
        List<Signal> due = new ArrayList<>();
        List<Signal> notYetDue = new ArrayList<>();
        for (Signal signal : pendingSignals.get()) {
            (signal.firedAt <= timestamp ? due : notYetDue).add(signal);
        }
        if (due.isEmpty()) {
            return null;
        }
        due.sort(EVENT_TIME_ORDER);
        Long requested = null;
        for (Signal signal : due) {
            OfferDecision decision = policy.decide(signal, requested != null ? requested : lastRequested);
            if (decision.isRequested()) {
                requested = signal.firedAt;
            }
            out.collect(decision);
        }
        pendingSignals.update(notYetDue);
        return requested;
    }
}
