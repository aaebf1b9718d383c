package dev.upshift.jobs;

import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.logic.OfferPolicy;
import dev.upshift.common.logic.UtcDays;
import dev.upshift.common.model.DeadLetter;
import dev.upshift.common.model.DeadLetterReason;
import dev.upshift.common.model.InputRecord;
import dev.upshift.common.model.OfferDecision;
import dev.upshift.common.model.SeatAdded;
import dev.upshift.common.model.Signal;
import dev.upshift.common.model.WeekUtilization;
import dev.upshift.jobs.operators.AccountActivityFunction;
import dev.upshift.jobs.operators.LimitPressurePattern;
import dev.upshift.jobs.operators.OfferDecisionFunction;
import dev.upshift.jobs.operators.OutputTags;
import dev.upshift.jobs.operators.SeatGrowthPattern;
import dev.upshift.jobs.operators.SplitDeadLetters;
import dev.upshift.common.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.cep.CEP;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.OutputTag;

/**
 * The one workflow every entry point runs: the Kafka job, the demo, the bench and the backtest. Callers
 * supply the input streams (already carrying timestamps and watermarks) and attach their own sinks.
 */
public final class UpshiftTopology {
    private static final OutputTag<SeatAdded> LATE_SEATS = new OutputTag<>("late-seats", Types.POJO(SeatAdded.class));
    private static final OutputTag<WeekUtilization> LATE_WEEKS = new OutputTag<>("late-weeks", Types.POJO(WeekUtilization.class));

    /** A named input, so that its operators get stable uids. */
    public record Input(String name, DataStream<InputRecord> records) {}

    public record Outputs(DataStream<Signal> signals, DataStream<OfferDecision> offers, DataStream<DeadLetter> deadLetters) {}

    private UpshiftTopology() {}

    public static Outputs build(List<Input> inputs, UpshiftConfig config) {
        List<SingleOutputStreamOperator<InputRecord>> parsed = inputs.stream().map(UpshiftTopology::splitDeadLetters).toList();
        SingleOutputStreamOperator<WeekUtilization> activity = union(parsed)
                .keyBy(InputRecord::accountId, Types.STRING)
                .process(new AccountActivityFunction(config))
                .uid("account-activity")
                .name("Account activity");
        SingleOutputStreamOperator<Signal> limitPressure = limitPressure(activity, config.signals().limitPressure());
        SingleOutputStreamOperator<Signal> seatGrowth = seatGrowth(activity, config.signals().seatGrowth());

        DataStream<Signal> signals = limitPressure.union(seatGrowth);
        DataStream<OfferDecision> offers = signals
                .keyBy(signal -> signal.accountId, Types.STRING)
                .process(new OfferDecisionFunction(new OfferPolicy(config.catalog(), config.offers())))
                .uid("offer-decisions")
                .name("Offer decisions");

        List<DataStream<DeadLetter>> deadLetters = new ArrayList<>();
        parsed.forEach(split -> deadLetters.add(split.getSideOutput(OutputTags.DEAD_LETTERS)));
        deadLetters.add(activity.getSideOutput(OutputTags.DEAD_LETTERS));
        deadLetters.add(toDeadLetters(limitPressure.getSideOutput(LATE_WEEKS), UpshiftTopology::lateWeek, "late-weeks"));
        deadLetters.add(toDeadLetters(seatGrowth.getSideOutput(LATE_SEATS), UpshiftTopology::lateSeat, "late-seats"));
        return new Outputs(signals, offers, union(deadLetters));
    }

    /** Same parallelism as the source, so it chains and keeps each partition's order. */
    private static SingleOutputStreamOperator<InputRecord> splitDeadLetters(Input input) {
        return input.records()
                .process(new SplitDeadLetters())
                .setParallelism(input.records().getParallelism())
                .uid("split-dead-letters-" + input.name())
                .name("Split dead letters: " + input.name());
    }

    /** The activity operator's main output: weeks at or over the pressure threshold. */
    private static SingleOutputStreamOperator<Signal> limitPressure(
            DataStream<WeekUtilization> pressuredWeeks, UpshiftConfig.LimitPressure settings) {
        return CEP.pattern(pressuredWeeks.keyBy(WeekUtilization::patternKey, Types.STRING),
                        LimitPressurePattern.pattern(settings.consecutiveWeeks()))
                .inEventTime()
                .sideOutputLateData(LATE_WEEKS)
                .process(new LimitPressurePattern.ToSignal(settings.threshold()))
                .uid("limit-pressure-pattern")
                .name("Pattern: limit_pressure");
    }

    /** The activity operator's side output: de-duplicated seat additions of known accounts. */
    private static SingleOutputStreamOperator<Signal> seatGrowth(
            SingleOutputStreamOperator<WeekUtilization> activity, UpshiftConfig.SeatGrowth settings) {
        return CEP.pattern(activity.getSideOutput(OutputTags.SEATS_ADDED).keyBy(seat -> seat.accountId, Types.STRING),
                        SeatGrowthPattern.pattern(settings.minSeatsAdded(), settings.window()))
                .inEventTime()
                .sideOutputLateData(LATE_SEATS)
                .process(new SeatGrowthPattern.ToSignal(settings.seatMetric(), UtcDays.days(settings.window())))
                .uid("seat-growth-pattern")
                .name("Pattern: seat_growth");
    }

    private static <T> DataStream<DeadLetter> toDeadLetters(DataStream<T> late, MapFunction<T, DeadLetter> toLetter, String name) {
        return late.map(toLetter).returns(Types.POJO(DeadLetter.class)).uid(name + "-to-dlq").name(name + " to DLQ");
    }

    private static <T> DataStream<T> union(List<? extends DataStream<T>> streams) {
        DataStream<T> all = streams.get(0);
        for (DataStream<T> stream : streams.subList(1, streams.size())) {
            all = all.union(stream);
        }
        return all;
    }

    /**
     * Pattern input that arrived after its time had passed. Only possible when an account record arrives
     * after the watermark passed its held events; never silently dropped.
     */
    private static DeadLetter lateSeat(SeatAdded seat) {
        return DeadLetter.of(DeadLetterReason.LATE_EVENT,
                "seat_added was held for its account record, which arrived after the watermark passed the event;"
                        + " it cannot join seat_growth",
                seat.accountId, seat.source, seat.payload);
    }

    private static DeadLetter lateWeek(WeekUtilization week) {
        return DeadLetter.of(DeadLetterReason.LATE_EVENT,
                "the " + week.metric + " week evaluated at " + Instant.ofEpochMilli(week.closedAt)
                        + " reached limit_pressure after the watermark; its account record arrived too late",
                week.accountId, null, Json.toText(week));
    }
}
