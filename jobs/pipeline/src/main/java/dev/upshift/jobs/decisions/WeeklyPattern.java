package dev.upshift.jobs.decisions;

import dev.upshift.common.logic.Signals;
import dev.upshift.common.logic.UtcDays;
import dev.upshift.common.logic.WeeklyRule;
import dev.upshift.common.model.Signal;
import dev.upshift.common.model.WeekMeasure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.IterativeCondition;
import org.apache.flink.util.Collector;

/**
 * The "consecutive periods" detector as a CEP pattern: N complete ISO weeks in a row in which a weekly rule
 * held for one subject (a metric, a user, a behaviour). Its input holds only the weeks that satisfied the
 * rule, so "in a row" means each week starts exactly one week after the last.
 */
public final class WeeklyPattern {
    static final String WEEKS = "weeks";

    private WeeklyPattern() {}

    public static Pattern<WeekMeasure, ?> pattern(int consecutiveWeeks) {
        return Pattern.<WeekMeasure>begin(WEEKS, AfterMatchSkipStrategy.skipPastLastEvent())
                .where(new FollowsPreviousWeek())
                .times(consecutiveWeeks)
                .consecutive()
                .within(Duration.ofDays(7L * consecutiveWeeks));
    }

    static final class FollowsPreviousWeek extends IterativeCondition<WeekMeasure> {
        @Override
        public boolean filter(WeekMeasure week, Context<WeekMeasure> ctx) throws Exception {
            WeekMeasure previous = null;
            for (WeekMeasure matched : ctx.getEventsForPattern(WEEKS)) {
                previous = matched;
            }
            return previous == null || UtcDays.isNextWeek(previous.weekStart, week.weekStart);
        }
    }

    public static final class ToSignal extends PatternProcessFunction<WeekMeasure, Signal> {
        private final WeeklyRule rule;

        public ToSignal(WeeklyRule rule) {
            this.rule = rule;
        }

        @Override
        public void processMatch(Map<String, List<WeekMeasure>> match, Context ctx, Collector<Signal> out) {
            out.collect(Signals.fromWeeks(rule, match.get(WEEKS)));
        }
    }
}
