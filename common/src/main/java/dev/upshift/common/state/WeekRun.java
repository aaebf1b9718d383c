package dev.upshift.common.state;

import dev.upshift.common.logic.UtcDays;
import dev.upshift.common.model.WeekMeasure;
import java.util.ArrayList;
import java.util.List;

/**
 * One subject's qualifying weeks in a row under one weekly rule (a pattern key), held until there are as many
 * as the rule's pattern needs. Only then do they go to the pattern, all together: weeks of shorter runs can
 * never take part in a match, and each week given to a CEP pattern costs it state writes and deletes.
 *
 * <p>It follows the pattern's own rules, so that the pattern matches exactly what it would have matched on
 * every qualifying week: a week that does not start one week after the last held one starts a new run; a
 * complete run is handed over and the next week starts afresh (the pattern skips past its last matched week).
 */
public class WeekRun {
    /** Oldest first; fewer than the pattern needs. */
    public List<WeekMeasure> weeks = new ArrayList<>();

    public WeekRun() {}

    /**
     * @param length the number of weeks in a row the rule's pattern matches
     * @return the run's weeks once this week completes it (the run is then empty again); otherwise none
     */
    public List<WeekMeasure> add(WeekMeasure week, int length) {
        if (!weeks.isEmpty() && !UtcDays.isNextWeek(last().weekStart, week.weekStart)) {
            weeks.clear();
        }
        weeks.add(week);
        if (weeks.size() < length) {
            return List.of();
        }
        List<WeekMeasure> complete = List.copyOf(weeks);
        weeks.clear();
        return complete;
    }

    /**
     * When the run is broken unless its next week has arrived: that week closes (and is measured) one week
     * after the last held one.
     */
    public long nextWeekClosedAt() {
        return last().closedAt + UtcDays.WEEK_MILLIS;
    }

    public boolean isEmpty() {
        return weeks.isEmpty();
    }

    private WeekMeasure last() {
        return weeks.get(weeks.size() - 1);
    }
}
