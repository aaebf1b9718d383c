package dev.upshift.common.model;

import java.util.HashMap;
import java.util.Map;

/**
 * Who was active in one ISO week of an account and how often the behaviours weekly rules watch happened.
 * Kept apart from {@link DayUsage} so that usage events, the bulk of the stream, never carry it.
 */
public class WeekActivity {
    /** Active users, each with their number of session events. */
    public Map<String, Integer> sessionsByUser = new HashMap<>();
    /** Events by type, for the types weekly rules count. */
    public Map<String, Integer> eventCounts = new HashMap<>();

    public WeekActivity() {}

    public void addUser(String userId, boolean session) {
        sessionsByUser.merge(userId, session ? 1 : 0, Integer::sum);
    }

    public void countEvent(String type) {
        eventCounts.merge(type, 1, Integer::sum);
    }
}
