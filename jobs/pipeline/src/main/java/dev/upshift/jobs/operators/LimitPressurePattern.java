package dev.upshift.jobs.operators;

import dev.upshift.common.logic.Signals;
import dev.upshift.common.logic.UtcDays;
import dev.upshift.common.model.Signal;
import dev.upshift.common.model.WeekUtilization;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.IterativeCondition;
import org.apache.flink.util.Collector;

/**
 * {@code limit_pressure}: N complete ISO weeks in a row at or over the threshold on one metric. Its input
 * holds only the pressured weeks, so "in a row" means each week starts exactly one week after the last.
 */
public final class LimitPressurePattern {
    static final String WEEKS = "weeks";

    private LimitPressurePattern() {}

    public static Pattern<WeekUtilization, ?> pattern(int consecutiveWeeks) {
        return Pattern.<WeekUtilization>begin(WEEKS, AfterMatchSkipStrategy.skipPastLastEvent())
                .where(new FollowsPreviousWeek())
                .times(consecutiveWeeks)
                .consecutive()
                .within(Duration.ofDays(7L * consecutiveWeeks));
    }

    static final class FollowsPreviousWeek extends IterativeCondition<WeekUtilization> {
        @Override
        public boolean filter(WeekUtilization week, Context<WeekUtilization> ctx) throws Exception {
            WeekUtilization previous = null;
            for (WeekUtilization matched : ctx.getEventsForPattern(WEEKS)) {
                previous = matched;
            }
            return previous == null || week.weekStart == previous.weekStart + UtcDays.WEEK_MILLIS;
        }
    }

    public static final class ToSignal extends PatternProcessFunction<WeekUtilization, Signal> {
        private final double threshold;

        public ToSignal(double threshold) {
            this.threshold = threshold;
        }

        @Override
        public void processMatch(Map<String, List<WeekUtilization>> match, Context ctx, Collector<Signal> out) {
            out.collect(Signals.limitPressure(match.get(WEEKS), threshold));
        }
    }
}
