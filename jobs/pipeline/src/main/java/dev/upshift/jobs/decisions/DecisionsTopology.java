package dev.upshift.jobs.decisions;

import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.json.Json;
import dev.upshift.common.logic.WeeklyRule;
import dev.upshift.common.model.AcceptanceUpdate;
import dev.upshift.common.model.Approval;
import dev.upshift.common.model.AuditRecord;
import dev.upshift.common.model.DeadLetter;
import dev.upshift.common.model.DeadLetterReason;
import dev.upshift.common.model.DecidedOffer;
import dev.upshift.common.model.DecisionInput;
import dev.upshift.common.model.Feedback;
import dev.upshift.common.model.InputRecord;
import dev.upshift.common.model.MailDraft;
import dev.upshift.common.model.OfferDecision;
import dev.upshift.common.model.Signal;
import dev.upshift.common.model.Suppression;
import dev.upshift.common.model.WeekMeasure;
import dev.upshift.jobs.delivery.DeliveryTopology;
import dev.upshift.jobs.runtime.OutputTags;
import dev.upshift.jobs.runtime.io.InputRecordType;
import dev.upshift.jobs.runtime.metrics.CountDeadLetters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.cep.CEP;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.OutputTag;

/**
 * The one workflow every entry point runs: the Kafka job, the demo, the bench and the backtest. Callers
 * supply the input streams (already carrying timestamps and watermarks) and attach their own sinks.
 *
 * <pre>
 * inputs ─ route ─┬─ events, accounts ─ account activity ─┬─ weekly measures ─ runs long enough ─ CEP per rule ─┐
 *                 │                                        └─ signals it decides itself, problem tickets ─────────┤
 *                 ├─ accounts, outcomes ──────────────────────────────────────────────────────── offer decisions ─┬─ suppression list ─ offers, audit
 *                 ├─ outcomes ─ acceptance counter ─ (broadcast) ──────────────────────────────────┘  (opt-outs) ─┤  (by address key)
 *                 └─ the suppression list's own topic ─────────────────────────────────────────────────────────────┘
 * </pre>
 */
public final class DecisionsTopology {
    /** A named input, so that its operators get stable uids. */
    public record Input(String name, DataStream<InputRecord> records) {}

    /**
     * @param suppressions contacts the job added to the suppression list, for its compacted topic
     * @param mails mails ready to send, for a {@link dev.upshift.jobs.delivery.MailSink}; null when delivery is off
     * @param drafts drafts awaiting review; null when delivery is off
     */
    public record Outputs(DataStream<Signal> signals, DataStream<OfferDecision> offers, DataStream<AuditRecord> audit,
            DataStream<DeadLetter> deadLetters, DataStream<Suppression> suppressions, DataStream<MailDraft> mails,
            DataStream<MailDraft> drafts) {}

    private DecisionsTopology() {}

    public static Outputs build(List<Input> inputs, UpshiftConfig config) {
        List<SingleOutputStreamOperator<InputRecord>> routed = inputs.stream().map(DecisionsTopology::route).toList();
        SingleOutputStreamOperator<WeekMeasure> activity = union(routed)
                .keyBy(InputRecord::accountId, Types.STRING)
                .process(new AccountActivityFunction(config))
                .uid("account-activity")
                .name("Account activity");

        List<DataStream<DeadLetter>> deadLetters = new ArrayList<>();
        List<DataStream<Signal>> signals = new ArrayList<>();
        signals.add(activity.getSideOutput(DecisionTags.SIGNALS));
        for (WeeklyRule rule : WeeklyRule.from(config)) {
            SingleOutputStreamOperator<Signal> matched = weeklyPattern(activity, rule);
            signals.add(matched);
            deadLetters.add(matched.getSideOutput(lateWeeks(rule))
                    .map(DecisionsTopology::lateWeek).returns(Types.POJO(DeadLetter.class))
                    .uid("late-weeks-" + rule.id()).name("Late weeks to DLQ: " + rule.id()));
        }
        DataStream<Signal> allSignals = union(signals);

        List<DataStream<DecisionInput>> decisionInputs = new ArrayList<>();
        decisionInputs.add(allSignals.map(DecisionInput::of).returns(Types.POJO(DecisionInput.class))
                .uid("signals-to-decisions").name("Signals to decisions"));
        decisionInputs.add(activity.getSideOutput(DecisionTags.PROBLEM_TICKETS));
        routed.forEach(route -> decisionInputs.add(route.getSideOutput(RouteInputs.TO_DECISIONS)));

        SingleOutputStreamOperator<DecidedOffer> decided = union(decisionInputs)
                .keyBy(DecisionInput::accountId, Types.STRING)
                .connect(acceptanceRates(routed))
                .process(new OfferDecisionFunction(config))
                .uid("offer-decisions")
                .name("Offer decisions");
        List<DataStream<Suppression>> suppressionEntries = new ArrayList<>(List.of(decided.getSideOutput(DecisionTags.LEARNED_SUPPRESSIONS)));
        routed.forEach(route -> suppressionEntries.add(route.getSideOutput(RouteInputs.TO_SUPPRESSION_LIST)));
        SingleOutputStreamOperator<OfferDecision> offers = decided
                .keyBy(DecidedOffer::suppressionKey, Types.STRING)
                .connect(union(suppressionEntries).keyBy(entry -> entry.addressKey, Types.STRING))
                .process(new SuppressionList(config))
                .uid("suppression-list")
                .name("Suppression list");
        DataStream<Suppression> suppressions = offers.getSideOutput(DecisionTags.SUPPRESSIONS);

        routed.forEach(route -> deadLetters.add(route.getSideOutput(OutputTags.DEAD_LETTERS)));
        deadLetters.add(activity.getSideOutput(OutputTags.DEAD_LETTERS));
        List<DataStream<AuditRecord>> audit = new ArrayList<>(List.of(offers.getSideOutput(OutputTags.AUDIT)));
        if (!config.delivery().enabled()) {
            return new Outputs(allSignals, offers, union(audit), CountDeadLetters.counted(union(deadLetters)), suppressions, null, null);
        }
        List<DataStream<Approval>> approvals = new ArrayList<>();
        List<DataStream<Feedback>> outcomes = new ArrayList<>();
        routed.forEach(route -> {
            approvals.add(route.getSideOutput(RouteInputs.TO_REVIEW));
            outcomes.add(route.getSideOutput(RouteInputs.TO_DELIVERY));
        });
        DeliveryTopology.Outputs delivery = DeliveryTopology.build(offers.getSideOutput(DecisionTags.MAIL_REQUESTS), union(approvals),
                union(outcomes), config);
        audit.add(delivery.audit());
        deadLetters.add(delivery.deadLetters());
        return new Outputs(allSignals, offers, union(audit), CountDeadLetters.counted(union(deadLetters)), suppressions, delivery.mails(), delivery.drafts());
    }

    /** Same parallelism as the source, so it chains and keeps each partition's order. */
    private static SingleOutputStreamOperator<InputRecord> route(Input input) {
        return input.records()
                .process(new RouteInputs())
                .returns(InputRecordType.INSTANCE)
                .setParallelism(input.records().getParallelism())
                .uid("route-" + input.name())
                .name("Route: " + input.name());
    }

    /** Outcomes counted per signal and segment, broadcast so that every account's ranking learns from them. */
    private static BroadcastStream<AcceptanceUpdate> acceptanceRates(List<SingleOutputStreamOperator<InputRecord>> routed) {
        List<DataStream<Feedback>> outcomes = new ArrayList<>();
        routed.forEach(route -> outcomes.add(route.getSideOutput(RouteInputs.TO_LEARNING)));
        return union(outcomes)
                .keyBy(feedback -> AcceptanceUpdate.key(feedback.signal, feedback.segment), Types.STRING)
                .process(new AcceptanceCounter())
                .returns(Types.POJO(AcceptanceUpdate.class))
                .uid("acceptance-counter")
                .name("Acceptance counter")
                .broadcast(OfferDecisionFunction.acceptanceRates());
    }

    private static SingleOutputStreamOperator<Signal> weeklyPattern(SingleOutputStreamOperator<WeekMeasure> activity, WeeklyRule rule) {
        String ruleId = rule.id();
        DataStream<WeekMeasure> runs = activity
                .filter(week -> week.rule.equals(ruleId))
                .uid("weeks-" + ruleId)
                .name("Weeks: " + ruleId)
                .keyBy(WeekMeasure::patternKey, Types.STRING)
                .process(new WeekRuns(rule.consecutiveWeeks()))
                .uid("week-runs-" + ruleId)
                .name("Runs long enough: " + ruleId);
        return CEP.pattern(runs.keyBy(WeekMeasure::patternKey, Types.STRING), WeeklyPattern.pattern(rule.consecutiveWeeks()))
                .inEventTime()
                .sideOutputLateData(lateWeeks(rule))
                .process(new WeeklyPattern.ToSignal(rule))
                .uid("pattern-" + ruleId)
                .name("Pattern: " + ruleId);
    }

    private static OutputTag<WeekMeasure> lateWeeks(WeeklyRule rule) {
        return new OutputTag<>("late-weeks-" + rule.id(), Types.POJO(WeekMeasure.class));
    }

    private static <T> DataStream<T> union(List<? extends DataStream<T>> streams) {
        DataStream<T> all = streams.get(0);
        for (DataStream<T> stream : streams.subList(1, streams.size())) {
            all = all.union(stream);
        }
        return all;
    }

    /**
     * A week that reached its pattern after the watermark. Only possible when an account record arrives after
     * the watermark passed its held events; never silently dropped.
     */
    private static DeadLetter lateWeek(WeekMeasure week) {
        return DeadLetter.of(DeadLetterReason.LATE_EVENT,
                "the " + week.rule + " week of " + week.subject + " evaluated at " + Instant.ofEpochMilli(week.closedAt)
                        + " reached its pattern after the watermark; its account record arrived too late",
                week.accountId, null, Json.toText(week));
    }
}
