package dev.upshift.jobs.decisions;

import dev.upshift.common.model.AcceptanceUpdate;
import dev.upshift.common.model.Feedback;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Counts outcomes per signal and segment (keyed by {@code signal|segment}) and emits the running count after
 * each one, for the decision operators to learn P(accept) from. Outcomes from different partitions arrive in
 * no fixed order, so they wait for the watermark and are counted in event-time order: the count emitted for a
 * moment is the count as of that moment, on every run.
 */
public class AcceptanceCounter extends KeyedProcessFunction<String, Feedback, AcceptanceUpdate> {
    private static final Comparator<Feedback> EVENT_TIME_ORDER = Comparator.<Feedback>comparingLong(f -> f.occurredAt)
            .thenComparing(f -> f.offerId == null ? "" : f.offerId);

    private transient ListState<Feedback> pendingOutcomes;
    private transient ValueState<AcceptanceUpdate> count;

    @Override
    public void open(OpenContext openContext) {
        pendingOutcomes = getRuntimeContext().getListState(pendingOutcomes());
        count = getRuntimeContext().getState(acceptanceCount());
    }

    @Override
    public void processElement(Feedback feedback, Context ctx, Collector<AcceptanceUpdate> out) throws Exception {
        pendingOutcomes.add(feedback);
        ctx.timerService().registerEventTimeTimer(feedback.occurredAt);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AcceptanceUpdate> out) throws Exception {
        List<Feedback> due = new ArrayList<>();
        List<Feedback> later = new ArrayList<>();
        for (Feedback feedback : pendingOutcomes.get()) {
            (feedback.occurredAt <= timestamp ? due : later).add(feedback);
        }
        pendingOutcomes.update(later);
        due.sort(EVENT_TIME_ORDER);
        AcceptanceUpdate current = count.value();
        for (Feedback feedback : due) {
            current = counted(current, feedback, ctx.getCurrentKey());
            out.collect(current);
        }
        count.update(current);
    }

    /** A new running count: updates already emitted are never changed in place. */
    private static AcceptanceUpdate counted(AcceptanceUpdate previous, Feedback feedback, String key) {
        AcceptanceUpdate next = new AcceptanceUpdate();
        next.key = key;
        next.accepted = (previous == null ? 0 : previous.accepted) + (feedback.isSuccess() ? 1 : 0);
        next.resolved = (previous == null ? 0 : previous.resolved) + 1;
        next.at = feedback.occurredAt;
        return next;
    }

    // Its keyed state. The names are part of the savepoint format: never rename one without a migration.

    /** Outcomes waiting for the watermark. Drained by the timer at each one's time. */
    private static ListStateDescriptor<Feedback> pendingOutcomes() {
        return new ListStateDescriptor<>("pending-outcomes", Types.POJO(Feedback.class));
    }

    /** Outcome counts of one signal in one segment. Refreshed by every outcome; TTL backstop. */
    private static ValueStateDescriptor<AcceptanceUpdate> acceptanceCount() {
        return AccountTtl.backstop(new ValueStateDescriptor<>("acceptance-count", Types.POJO(AcceptanceUpdate.class)));
    }
}
