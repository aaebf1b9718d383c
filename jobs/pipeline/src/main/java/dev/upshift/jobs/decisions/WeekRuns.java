package dev.upshift.jobs.decisions;

import dev.upshift.common.model.WeekMeasure;
import dev.upshift.common.state.WeekRun;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Passes a weekly rule's pattern only the weeks of runs long enough to match, keyed like the pattern (see
 * {@link WeekRun}). The pattern still decides every match; this keeps it from buffering, and then deleting, the
 * many qualifying weeks that never make a run. On RocksDB each of those deletions leaves a tombstone that the
 * CEP operator's later scans of its per-key maps must skip: its cost grew faster than the input.
 *
 * <p>State: one {@link WeekRun} per pattern key, cleared by a timer at the close of the week that would have
 * continued it, unless that week arrived.
 */
public class WeekRuns extends KeyedProcessFunction<String, WeekMeasure, WeekMeasure> {
    private final int length;
    private transient ValueState<WeekRun> run;

    /** @param length the number of weeks in a row the rule's pattern matches */
    public WeekRuns(int length) {
        this.length = length;
    }

    @Override
    public void open(OpenContext openContext) {
        run = getRuntimeContext().getState(weekRun());
    }

    @Override
    public void processElement(WeekMeasure week, Context ctx, Collector<WeekMeasure> out) throws Exception {
        WeekRun current = run.value();
        if (current == null) {
            current = new WeekRun();
        }
        List<WeekMeasure> complete = current.add(week, length);
        complete.forEach(out::collect);
        if (current.isEmpty()) {
            run.clear();
        } else {
            run.update(current);
            ctx.timerService().registerEventTimeTimer(current.nextWeekClosedAt());
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<WeekMeasure> out) throws Exception {
        WeekRun current = run.value();
        if (current != null && current.nextWeekClosedAt() <= timestamp) {
            run.clear();
        }
    }

    // Its keyed state. The names are part of the savepoint format: never rename one without a migration.

    /**
     * A weekly rule's qualifying weeks in a row, per pattern key. Cleared when the run is
     * complete, and by a timer when the week that would continue it closes without it.
     */
    private static ValueStateDescriptor<WeekRun> weekRun() {
        return new ValueStateDescriptor<>("week-run", Types.POJO(WeekRun.class));
    }
}
