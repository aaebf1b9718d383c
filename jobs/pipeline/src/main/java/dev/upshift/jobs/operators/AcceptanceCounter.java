package dev.upshift.jobs.operators;

import dev.upshift.common.model.AcceptanceUpdate;
import dev.upshift.common.model.Feedback;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Counts outcomes per signal and segment (keyed by {@code signal|segment}) and emits the running count
 * after each one, for the decision operators to learn P(accept) from.
 */
public class AcceptanceCounter extends KeyedProcessFunction<String, Feedback, AcceptanceUpdate> {
    private transient ValueState<AcceptanceUpdate> count;

    @Override
    public void open(OpenContext openContext) {
        count = getRuntimeContext().getState(StateDescriptors.acceptanceCount());
    }

    @Override
    public void processElement(Feedback feedback, Context ctx, Collector<AcceptanceUpdate> out) throws Exception {
        AcceptanceUpdate current = count.value();
        if (current == null) {
            current = new AcceptanceUpdate();
            current.key = ctx.getCurrentKey();
        }
        current.resolved++;
        if (feedback.isSuccess()) {
            current.accepted++;
        }
        current.at = feedback.occurredAt;
        count.update(current);
        out.collect(current);
    }
}
