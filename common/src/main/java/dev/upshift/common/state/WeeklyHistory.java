package dev.upshift.common.state;

import java.util.ArrayList;
import java.util.List;

/**
 * The weekly values the baseline detectors compare, oldest first, one entry per ISO week (weeks without a
 * close count as zero), kept only as long as a baseline needs them.
 */
public class WeeklyHistory {
    public Long lastWeekStart;
    public List<Double> activeUsers = new ArrayList<>();
    public List<Double> dropMetricUsage = new ArrayList<>();
    /** Weeks in a row at or under the drop threshold. */
    public int dropStreak;

    public WeeklyHistory() {}

    /** Appends a week's values, padding the weeks in between with zeros, and keeps the newest {@code keep}. */
    public void record(long weekStart, long weekMillis, double users, double metricUsage, int keep) {
        if (lastWeekStart != null) {
            for (long missing = lastWeekStart + weekMillis; missing < weekStart; missing += weekMillis) {
                append(0, 0, keep);
            }
        }
        append(users, metricUsage, keep);
        lastWeekStart = weekStart;
    }

    private void append(double users, double metricUsage, int keep) {
        activeUsers.add(users);
        dropMetricUsage.add(metricUsage);
        while (activeUsers.size() > keep) {
            activeUsers.remove(0);
            dropMetricUsage.remove(0);
        }
    }
}
