package dev.upshift.common.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** "N events in a window", with events that arrive in time order and out of it. */
class EventWindowsTest {
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long WINDOW = 14 * DAY;

    private final EventWindows windows = new EventWindows();

    @Test
    void twoEventsInsideTheWindowFillItAndItStartsOver() {
        assertThat(windows.add("seats", 6 * DAY, WINDOW, 2)).isEmpty();
        assertThat(windows.add("seats", 19 * DAY, WINDOW, 2)).containsExactly(6 * DAY, 19 * DAY);
        assertThat(windows.isEmpty()).as("the next signal needs fresh events").isTrue();
    }

    @Test
    void anEarlierEventArrivingLateOnlyFillsTheWindowWithEventsCloseEnoughToIt() {
        assertThat(windows.add("seats", 21 * DAY, WINDOW, 2)).isEmpty();
        assertThat(windows.add("seats", 6 * DAY, WINDOW, 2)).as("15 days apart, whatever the order of arrival").isEmpty();

        assertThat(windows.add("seats", 8 * DAY, WINDOW, 2)).containsExactly(6 * DAY, 8 * DAY);
        assertThat(windows.add("seats", 30 * DAY, WINDOW, 2)).as("the 21st stayed for the next window").containsExactly(21 * DAY, 30 * DAY);
    }

    @Test
    void windowsNoEventCanStillFillExpire() {
        windows.add("seats", 6 * DAY, WINDOW, 2);
        windows.expire(19 * DAY);
        assertThat(windows.isEmpty()).isFalse();
        windows.expire(20 * DAY);
        assertThat(windows.isEmpty()).isTrue();
    }
}
