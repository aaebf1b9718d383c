package dev.upshift.jobs.metrics;

import dev.upshift.common.model.DeadLetter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/** Counts dead letters by reason on their way to the DLQ topic: {@code upshift.reason.<reason>.deadLetters}. */
public class CountDeadLetters extends RichMapFunction<DeadLetter, DeadLetter> {
    private transient CountersByKey byReason;

    @Override
    public void open(OpenContext openContext) {
        byReason = new CountersByKey(UpshiftMetrics.of(getRuntimeContext().getMetricGroup()), "reason", "deadLetters");
    }

    @Override
    public DeadLetter map(DeadLetter letter) {
        byReason.inc(letter.reason);
        return letter;
    }
}
