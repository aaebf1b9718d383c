package dev.upshift.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upshift.common.config.ConfigLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Search within scope (a % or _ in the text is literal), and one account's history in time order, in words. */
class AccountTimelineTest {
    private final ConsoleStore store = new ConsoleStore();
    private final AccountTimeline timeline = new AccountTimeline(store, ConfigLoader.defaults());
    private long offset;

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void searchFindsByIdOrNameWithinScopeOnly() {
        accounts();
        assertThat(timeline.search(new Scope(false, "csm-a"), "ACME")).extracting(AccountTimeline.Account::accountId)
                .containsExactly("acct-1", "acct-2");
        assertThat(timeline.search(new Scope(false, "csm-a"), "acct-3")).isEmpty();
        assertThat(timeline.search(Scope.all(), "acct-3")).extracting(AccountTimeline.Account::name).containsExactly("Other 100%");
        assertThat(timeline.search(Scope.all(), "100%")).extracting(AccountTimeline.Account::accountId).containsExactly("acct-3");
        assertThat(timeline.search(Scope.all(), "5%")).isEmpty();
        assertThat(timeline.search(Scope.all(), "acct_")).isEmpty();
    }

    @Test
    void theTimelineSaysWhatHappenedInOrderAndWhyNotInWords() {
        accounts();
        add(Source.SIGNALS, "{\"accountId\":\"acct-1\",\"signal\":\"explicit_ask\",\"firedAt\":\"2026-03-02T10:00:00Z\","
                + "\"evidence\":{\"trigger\":\"events_in_window\",\"capability\":\"saml\",\"feature\":\"sso\",\"eventType\":\"support_request\",\"eventTimes\":[\"2026-03-02T10:00:00Z\"],\"minEvents\":1}}");
        add(Source.OFFERS, "{\"offerId\":\"o-1\",\"accountId\":\"acct-1\",\"signal\":\"explicit_ask\",\"ownerId\":\"csm-a\",\"status\":\"suppressed\","
                + "\"reason\":\"support_ticket\",\"decidedAt\":\"2026-03-02T10:00:00Z\"}");
        add(Source.FEEDBACK, "{\"accountId\":\"acct-1\",\"outcome\":\"upgraded\",\"occurredAt\":\"2026-03-01T09:00:00Z\"}");

        AccountTimeline.History history = timeline.timeline(new Scope(false, "csm-a"), "acct-1").orElseThrow();
        assertThat(history.account().name()).isEqualTo("Acme One");
        assertThat(history.entries()).extracting(
                entry -> entry.time() + " | " + entry.kind() + " | " + entry.summary() + " | " + entry.why()).containsExactly(
                "2026-03-01T09:00:00Z | outcome | Outcome: upgraded | ",
                "2026-03-02T10:00:00Z | signal | explicit_ask fired (events_in_window) | Evidence: you asked us about saml",
                "2026-03-02T10:00:00Z | decision | Not sent: suppressed (support_ticket) for explicit_ask | "
                        + "The account opened a problem ticket shortly before: no pitches while it is being helped.");
        assertThat(timeline.timeline(new Scope(false, "csm-b"), "acct-1")).isEmpty();
    }

    private void accounts() {
        add(Source.ACCOUNTS, "{\"accountId\":\"acct-1\",\"name\":\"Acme One\",\"ownerId\":\"csm-a\",\"planId\":\"starter\"}",
                "{\"accountId\":\"acct-2\",\"name\":\"Acme Two\",\"ownerId\":\"csm-a\",\"planId\":\"starter\"}",
                "{\"accountId\":\"acct-3\",\"name\":\"Other 100%\",\"ownerId\":\"csm-b\",\"planId\":\"team\"}");
    }

    private void add(Source source, String... records) {
        List<ConsoleStore.Incoming> incoming = new ArrayList<>();
        for (String record : records) {
            String key = source == Source.ACCOUNTS ? record.substring(record.indexOf(":\"") + 2, record.indexOf("\",")) : null;
            incoming.add(new ConsoleStore.Incoming(0, offset++, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                    record.getBytes(StandardCharsets.UTF_8)));
        }
        store.add(source, incoming);
    }
}
