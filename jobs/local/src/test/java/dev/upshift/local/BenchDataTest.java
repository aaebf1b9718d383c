package dev.upshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The bench's data stays what earlier figures were measured on, and the latency run can tell which event an offer came from. */
class BenchDataTest {
    private static final String TOPIC = "upshift.events";

    @Test
    void eventsAreTheOnesEarlierFiguresWereMeasuredOn() {
        BenchData data = new BenchData(5_000_000, 100_000);

        assertThat(value(data, 0)).isEqualTo("{\"eventId\":\"e0\",\"accountId\":\"acct-0\",\"occurredAt\":\"2026-06-01T00:00:00Z\","
                + "\"type\":\"usage\",\"metric\":\"api_calls\",\"quantity\":0}");
        assertThat(value(data, 4_000_085)).isEqualTo("{\"eventId\":\"e4000085\",\"accountId\":\"acct-73115\","
                + "\"occurredAt\":\"2026-08-29T14:26:44.505Z\",\"type\":\"seat_added\",\"userId\":\"u4000085\"}");
        assertThat(new String(data.event(4_000_085, TOPIC).key(), StandardCharsets.UTF_8)).isEqualTo("acct-73115");
    }

    @Test
    void theEventAtAnEventsTimeIsThatEvent() {
        for (long events : new long[] {1, 7, 100_000, 5_000_000, 20_000_000}) {
            BenchData data = new BenchData(events, 1_000);
            for (long n : new long[] {0, events / 3, Math.min(events / 2 + 1, events - 1), events - 1}) {
                assertThat(data.eventAt(data.occurredAt(n))).as("event %d of %d", n, events).isEqualTo(n);
            }
        }
    }

    @Test
    void noEventAtOtherTimes() {
        BenchData data = new BenchData(5_000_000, 100_000);

        assertThat(data.eventAt(data.occurredAt(10) + 1)).isEqualTo(-1);
        assertThat(data.eventAt(BenchData.START - 1)).isEqualTo(-1);
        assertThat(data.eventAt(BenchData.START + BenchData.SPAN_MILLIS)).isEqualTo(-1);
    }

    private static String value(BenchData data, long n) {
        return new String(data.event(n, TOPIC).value(), StandardCharsets.UTF_8);
    }
}
