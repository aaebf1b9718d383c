package dev.upshift.common.state;

import dev.upshift.common.model.AcceptanceUpdate;
import java.util.ArrayList;
import java.util.List;

/**
 * The running outcome counts of one signal and segment over event time, oldest first, so that a decision
 * uses the counts as of its own moment and a replay ranks exactly as the first run did.
 */
public class AcceptanceHistory {
    public List<AcceptanceUpdate> updates = new ArrayList<>();

    public AcceptanceHistory() {}

    public void add(AcceptanceUpdate update) {
        int position = updates.size();
        while (position > 0 && updates.get(position - 1).at > update.at) {
            position--;
        }
        updates.add(position, update);
    }

    /** The latest counts at or before {@code at}, or null when there were none yet. */
    public AcceptanceUpdate asOf(long at) {
        AcceptanceUpdate latest = null;
        for (AcceptanceUpdate update : updates) {
            if (update.at > at) {
                break;
            }
            latest = update;
        }
        return latest;
    }

    /** Keeps the newest count at or before {@code watermark} and everything after it: no decision needs older ones. */
    public void compact(long watermark) {
        int keepFrom = 0;
        for (int i = 0; i < updates.size(); i++) {
            if (updates.get(i).at <= watermark) {
                keepFrom = i;
            }
        }
        updates.subList(0, keepFrom).clear();
    }
}
