package dev.upshift.jobs.runtime.metrics;

import dev.upshift.common.model.DeadLetter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;

/** Counts dead letters by reason on their way to the DLQ topic: {@code upshift.reason.<reason>.deadLetters}. */
public class CountDeadLetters extends RichMapFunction<DeadLetter, DeadLetter> {
    private transient CountersByKey byReason;

    /** A job's dead letters, counted on their way out; the same uid in both jobs. */
    public static DataStream<DeadLetter> counted(DataStream<DeadLetter> deadLetters) {
        return deadLetters.map(new CountDeadLetters()).returns(Types.POJO(DeadLetter.class)).uid("count-dead-letters").name("Count dead letters");
    }

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
