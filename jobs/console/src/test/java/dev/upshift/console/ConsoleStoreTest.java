package dev.upshift.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The topics are the console's input, and anyone with access can write to them: what is not a JSON object is
 * counted and skipped, and hostile values (an overflowing number, a year out of range, CR/LF in ids, a huge body)
 * neither stop the store nor reach the report's figures.
 */
class ConsoleStoreTest {
    private final ConsoleStore store = new ConsoleStore();
    private long offset;

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void recordsThatAreNotJsonObjectsAreCountedAndSkipped() {
        add(Source.OFFERS, "not json", "[1,2]", "", null, "{\"offerId\":\"o-1\",\"status\":\"requested\"}");
        assertThat(store.unreadable()).isEqualTo(Map.of(Source.OFFERS, 4L));
        assertThat(store.query("select count(*) from offers", row -> row.getLong(1))).containsExactly(1L);
    }

    @Test
    void hostileValuesStayOutOfTheFigures() {
        add(Source.OFFERS,
                "{\"offerId\":\"o-1\",\"accountId\":\"a\\r\\nb\",\"signal\":\"seat_growth\",\"status\":\"requested\",\"ownerId\":\"csm-a\","
                        + "\"decidedAt\":\"2026-03-02T10:00:00Z\",\"annualRevenue\":1e400}",
                "{\"offerId\":\"o-2\",\"accountId\":\"c\",\"signal\":\"seat_growth\",\"status\":\"requested\",\"ownerId\":\"csm-a\","
                        + "\"decidedAt\":\"+99999-01-01T00:00:00Z\",\"annualRevenue\":1200}",
                "{\"offerId\":\"o-3\",\"accountId\":\"d\",\"signal\":\"seat_growth\",\"status\":\"requested\",\"ownerId\":\"csm-a\","
                        + "\"decidedAt\":\"2026-03-03T10:00:00Z\",\"annualRevenue\":1200,\"body\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}");
        AnalystReport report = AnalystReport.compute(store, Scope.all(), 0, Instant.parse("2027-01-01T00:00:00Z").toEpochMilli(),
                Duration.ofDays(30));
        assertThat(report.total().treated).isEqualTo(2);
        assertThat(report.total().treatedRevenue).isEqualTo(1200.0);
        assertThat(store.query("select account_id from offers where offer_id = 'o-1'", row -> row.getString(1))).containsExactly("a\r\nb");
    }

    private void add(Source source, String... records) {
        List<ConsoleStore.Incoming> incoming = new ArrayList<>();
        for (String record : records) {
            incoming.add(new ConsoleStore.Incoming(0, offset++, null, record == null ? null : record.getBytes(StandardCharsets.UTF_8)));
        }
        store.add(source, incoming);
    }
}
