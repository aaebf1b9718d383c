package dev.upshift.jobs.operators;

import dev.upshift.common.logic.Signals;
import dev.upshift.common.model.SeatAdded;
import dev.upshift.common.model.Signal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.util.Collector;

/** {@code seat_growth}: N or more seats added within a window; fires at the seat that completes it. */
public final class SeatGrowthPattern {
    static final String SEATS = "seats";

    private SeatGrowthPattern() {}

    public static Pattern<SeatAdded, ?> pattern(int minSeatsAdded, Duration window) {
        return Pattern.<SeatAdded>begin(SEATS, AfterMatchSkipStrategy.skipPastLastEvent())
                .times(minSeatsAdded)
                .within(window);
    }

    public static final class ToSignal extends PatternProcessFunction<SeatAdded, Signal> {
        private final String seatMetric;
        private final int windowDays;

        public ToSignal(String seatMetric, int windowDays) {
            this.seatMetric = seatMetric;
            this.windowDays = windowDays;
        }

        @Override
        public void processMatch(Map<String, List<SeatAdded>> match, Context ctx, Collector<Signal> out) {
            out.collect(Signals.seatGrowth(match.get(SEATS), seatMetric, windowDays));
        }
    }
}
