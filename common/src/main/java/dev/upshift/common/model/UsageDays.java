package dev.upshift.common.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The days for which an account has usage, ascending: an index that lets a week close read exactly the days
 * it needs and delete exactly the days that expired, without scanning state.
 */
public class UsageDays {
    public List<Long> days = new ArrayList<>();

    public UsageDays() {}

    /** Adds the day in order, unless already present. */
    public void add(long epochDay) {
        int at = Collections.binarySearch(days, epochDay);
        if (at < 0) {
            days.add(-at - 1, epochDay);
        }
    }

    /** Removes and returns the days before {@code oldestKept}. */
    public List<Long> removeBefore(long oldestKept) {
        int end = 0;
        while (end < days.size() && days.get(end) < oldestKept) {
            end++;
        }
        List<Long> removed = new ArrayList<>(days.subList(0, end));
        days.subList(0, end).clear();
        return removed;
    }

    /** The days in [from, to). */
    public List<Long> between(long from, long to) {
        List<Long> result = new ArrayList<>();
        for (long day : days) {
            if (day >= from && day < to) {
                result.add(day);
            }
        }
        return result;
    }

    /** Whether any indexed day falls in [from, to). */
    public boolean hasAnyBetween(long from, long to) {
        int at = Collections.binarySearch(days, from);
        int first = at >= 0 ? at : -at - 1;
        return first < days.size() && days.get(first) < to;
    }

    public boolean isEmpty() {
        return days.isEmpty();
    }

    /** The newest indexed day before {@code epochDay}, or null. */
    public Long newestBefore(long epochDay) {
        int at = Collections.binarySearch(days, epochDay);
        int before = (at >= 0 ? at : -at - 1) - 1;
        return before >= 0 ? days.get(before) : null;
    }

    public long newest() {
        return days.get(days.size() - 1);
    }
}
