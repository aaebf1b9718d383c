package dev.upshift.common.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The "N events in a window" detector's memory for one account: the recent times of each watched behaviour
 * (a rule, or a rule and a group such as a feature or a workaround name). A window that fires starts over,
 * so the next signal needs N fresh events.
 */
public class EventWindows {
    public Map<String, EventWindow> windows = new HashMap<>();

    public EventWindows() {}

    /** One behaviour's recent event times, oldest first, and how long each one counts. */
    public static class EventWindow {
        public List<Long> times = new ArrayList<>();
        public long windowMillis;

        public EventWindow() {}
    }

    /**
     * Records an event; returns the events that filled the window (oldest first) when there are now at least
     * {@code minEvents} of them within {@code windowMillis}, else an empty list. An event may arrive after later ones
     * (out of order): it fills the window only with events close enough to it in time, and the events up to the
     * filled window's last one are used up, while later ones stay for the next.
     */
    public List<Long> add(String key, long at, long windowMillis, int minEvents) {
        EventWindow window = windows.computeIfAbsent(key, k -> new EventWindow());
        window.windowMillis = windowMillis;
        window.times.removeIf(time -> time <= at - windowMillis);
        int position = 0;
        while (position < window.times.size() && window.times.get(position) <= at) {
            position++;
        }
        window.times.add(position, at);
        for (int first = Math.max(0, position - minEvents + 1); first <= position; first++) {
            int last = first + minEvents - 1;
            if (last < window.times.size() && window.times.get(last) - window.times.get(first) < windowMillis) {
                List<Long> filled = new ArrayList<>(window.times.subList(first, last + 1));
                window.times.subList(0, last + 1).clear();
                if (window.times.isEmpty()) {
                    windows.remove(key);
                }
                return filled;
            }
        }
        return List.of();
    }

    /** Forgets the windows in which no event can still count at {@code now}. */
    public void expire(long now) {
        for (Iterator<EventWindow> it = windows.values().iterator(); it.hasNext(); ) {
            EventWindow window = it.next();
            if (window.times.get(window.times.size() - 1) <= now - window.windowMillis) {
                it.remove();
            }
        }
    }

    public boolean isEmpty() {
        return windows.isEmpty();
    }
}
