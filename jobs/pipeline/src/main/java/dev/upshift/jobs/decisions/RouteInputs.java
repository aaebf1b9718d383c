package dev.upshift.jobs.decisions;

import dev.upshift.common.model.Approval;
import dev.upshift.common.model.DecisionInput;
import dev.upshift.common.model.Feedback;
import dev.upshift.common.model.InputRecord;
import dev.upshift.common.model.Suppression;
import dev.upshift.jobs.runtime.OutputTags;
import dev.upshift.jobs.runtime.metrics.CountersByKey;
import dev.upshift.jobs.runtime.metrics.UpshiftMetrics;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Sends each parsed record where it is needed: rejected records to the dead letters; events and account
 * changes (main output) to the activity operator; account changes and outcomes to the offer decisions; and
 * outcomes that can teach the ranking to the acceptance counter; outcomes also to the send window, which they
 * stop; reviewers' decisions to the review gate; entries of the suppression list to it.
 */
public class RouteInputs extends ProcessFunction<InputRecord, InputRecord> {
    public static final OutputTag<DecisionInput> TO_DECISIONS = new OutputTag<>("to-decisions", Types.POJO(DecisionInput.class));
    public static final OutputTag<Feedback> TO_LEARNING = new OutputTag<>("to-learning", Types.POJO(Feedback.class));
    public static final OutputTag<Feedback> TO_DELIVERY = new OutputTag<>("to-delivery", Types.POJO(Feedback.class));
    public static final OutputTag<Approval> TO_REVIEW = new OutputTag<>("to-review", Types.POJO(Approval.class));
    public static final OutputTag<Suppression> TO_SUPPRESSION_LIST = new OutputTag<>("to-suppression-list", Types.POJO(Suppression.class));

    private transient CountersByKey recordsIn;
    private transient long newestEventTime;

    @Override
    public void open(OpenContext openContext) {
        MetricGroup metrics = UpshiftMetrics.of(getRuntimeContext().getMetricGroup());
        recordsIn = new CountersByKey(metrics, "kind", "recordsIn");
        newestEventTime = Long.MIN_VALUE;
        // How far the newest usage event read is behind the wall clock: a live job's lag, a replay's distance to now.
        metrics.gauge("eventTimeLagMillis", (Gauge<Long>) () -> newestEventTime == Long.MIN_VALUE ? 0L
                : System.currentTimeMillis() - newestEventTime);
    }

    @Override
    public void processElement(InputRecord record, Context ctx, Collector<InputRecord> out) {
        recordsIn.inc(metricKind(record.kind));
        switch (record.kind) {
            case EVENT -> {
                newestEventTime = Math.max(newestEventTime, record.event.occurredAt);
                out.collect(record);
            }
            case ACCOUNT, DELETION -> {
                ctx.output(TO_DECISIONS, DecisionInput.of(record));
                out.collect(record);
            }
            case FEEDBACK -> {
                ctx.output(TO_DECISIONS, DecisionInput.of(record));
                ctx.output(TO_DELIVERY, record.feedback);
                if (record.feedback.teaches()) {
                    ctx.output(TO_LEARNING, record.feedback);
                }
            }
            case APPROVAL -> ctx.output(TO_REVIEW, record.approval);
            case SUPPRESSION -> ctx.output(TO_SUPPRESSION_LIST, record.suppression);
            case DEAD_LETTER -> ctx.output(OutputTags.DEAD_LETTERS, record.deadLetter);
        }
    }

    /** The {@code recordsIn} counter's names, part of the metrics contract (docs/metrics.md). */
    private static String metricKind(InputRecord.Kind kind) {
        return switch (kind) {
            case EVENT -> "event";
            case ACCOUNT, DELETION -> "account";
            case FEEDBACK -> "feedback";
            case APPROVAL -> "approval";
            case SUPPRESSION -> "suppression";
            case DEAD_LETTER -> "rejected";
        };
    }
}
