package dev.upshift.common.logic;

import java.util.Arrays;

/**
 * The event-time clock of one source partition, which no outlier can drag ahead of its neighbours: the median of
 * the partition's last {@value #WINDOW} event times (of all of them while it has fewer). One record stamped weeks
 * ahead, or a burst of them, cannot move it; it takes a majority of the recent records (51 of the last 101) to
 * agree on a later time. In a stream in time order it trails the newest event by 50 events.
 *
 * <p>Before its second event a partition has no clock: a first record alone is no majority.
 */
public final class PartitionClock {
    public static final int WINDOW = 101;

    /** The last event times in arrival order, a ring. */
    private final long[] arrivals = new long[WINDOW];
    /** The same times, ascending, in {@code sorted[0..size)}. */
    private final long[] sorted = new long[WINDOW];
    private int size;
    private int oldest;

    public void observe(long eventTime) {
        if (size == WINDOW) {
            remove(arrivals[oldest]);
            arrivals[oldest] = eventTime;
            oldest = (oldest + 1) % WINDOW;
        } else {
            arrivals[(oldest + size) % WINDOW] = eventTime;
        }
        insert(eventTime);
    }

    /** The lower median of the recent event times, or {@link Long#MIN_VALUE} before the second event. */
    public long time() {
        return size < 2 ? Long.MIN_VALUE : sorted[(size - 1) / 2];
    }

    private void insert(long eventTime) {
        int at = Arrays.binarySearch(sorted, 0, size, eventTime);
        int position = at >= 0 ? at : -at - 1;
        System.arraycopy(sorted, position, sorted, position + 1, size - position);
        sorted[position] = eventTime;
        size++;
    }

    private void remove(long eventTime) {
        int position = Arrays.binarySearch(sorted, 0, size, eventTime);
        System.arraycopy(sorted, position + 1, sorted, position, size - position - 1);
        size--;
    }
}
