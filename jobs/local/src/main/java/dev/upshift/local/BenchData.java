package dev.upshift.local;

import java.time.Instant;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The bench's data: accounts on rotating plans, owners and contact timezones; events spread evenly over 16 weeks in
 * time order, keyed by account, with a realistic type mix. Event {@code n} is the same in every run of the same size.
 */
final class BenchData {
    static final long START = Instant.parse("2026-06-01T00:00:00Z").toEpochMilli();
    static final long SPAN_MILLIS = 16L * 7 * 24 * 3600 * 1000;
    private static final String[] PLANS = {"starter", "team", "business"};

    final long eventCount;
    final int accountCount;

    BenchData(long eventCount, int accountCount) {
        this.eventCount = eventCount;
        this.accountCount = accountCount;
    }

    void loadAccounts(KafkaProducer<byte[], byte[]> producer, String topic) {
        for (int i = 0; i < accountCount; i++) {
            String id = "acct-" + i;
            producer.send(KafkaTopics.record(topic, id, "{\"accountId\":\"" + id + "\",\"planId\":\"" + PLANS[i % PLANS.length]
                    + "\",\"status\":\"active\",\"ownerId\":\"" + DemoData.OWNERS.get(i % DemoData.OWNERS.size())
                    + "\",\"contact\":{\"name\":\"Ops " + i + "\",\"email\":\"ops@" + id + ".example.com\",\"timezone\":\""
                    + (i % 2 == 0 ? "Europe/Berlin" : "America/New_York") + "\"}}"));
        }
    }

    ProducerRecord<byte[], byte[]> event(long n, String topic) {
        String accountId = "acct-" + (n * 7919 % accountCount);
        String head = "{\"eventId\":\"e" + n + "\",\"accountId\":\"" + accountId + "\",\"occurredAt\":\""
                + Instant.ofEpochMilli(occurredAt(n)) + "\",";
        int kind = (int) (n % 100);
        String body;
        if (kind < 70) {
            body = "\"type\":\"usage\",\"metric\":\"api_calls\",\"quantity\":" + (n % 50) + "}";
        } else if (kind < 85) {
            body = "\"type\":\"usage\",\"metric\":\"storage_gb\",\"value\":" + (n % 90) + "}";
        } else if (kind < 86) {
            body = "\"type\":\"seat_added\",\"userId\":\"u" + n + "\"}";
        } else {
            body = "\"type\":\"session\",\"userId\":\"u" + (n % 13) + "\",\"attributes\":{\"page\":\"home\"}}";
        }
        return KafkaTopics.record(topic, accountId, head + body);
    }

    long occurredAt(long n) {
        return START + n * SPAN_MILLIS / eventCount;
    }

    /** The event that occurred at {@code time}, or -1 if none did (times are distinct while events are fewer than milliseconds). */
    long eventAt(long time) {
        long guess = (time - START) * eventCount / SPAN_MILLIS;
        for (long n = Math.max(0, guess - 1); n <= Math.min(eventCount - 1, guess + 1); n++) {
            if (occurredAt(n) == time) {
                return n;
            }
        }
        return -1;
    }
}
