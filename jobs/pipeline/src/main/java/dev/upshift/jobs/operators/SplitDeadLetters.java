package dev.upshift.jobs.operators;

import dev.upshift.common.model.InputRecord;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Sends records the parser rejected to the dead-letter side output; passes the rest on. */
public class SplitDeadLetters extends ProcessFunction<InputRecord, InputRecord> {
    @Override
    public void processElement(InputRecord record, Context ctx, Collector<InputRecord> out) {
        if (record.deadLetter != null) {
            ctx.output(OutputTags.DEAD_LETTERS, record.deadLetter);
        } else {
            out.collect(record);
        }
    }
}
