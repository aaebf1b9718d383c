package dev.upshift.common.logic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upshift.common.config.ConfigLoader;
import dev.upshift.common.model.Account;
import dev.upshift.common.model.SignalType;
import dev.upshift.common.model.UsageEvent;
import dev.upshift.common.state.EventWindows;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The "N events in a window" detectors: seats, feature gates, asks and workarounds, either side of each threshold. */
class EventRulesTest {
    private static final long T0 = Instant.parse("2026-03-02T10:00:00Z").toEpochMilli();
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final long DAY = Duration.ofDays(1).toMillis();

    private final EventRules rules = new EventRules(ConfigLoader.defaults());
    private final EventWindows windows = new EventWindows();

    @Test
    void twoSeatsAddedWithinFourteenDaysFireAndTwoFourteenDaysApartDoNot() {
        assertThat(fired(event("seat_added", T0, Map.of()), event("seat_added", T0 + 14 * DAY - 1, Map.of()))).containsExactly(SignalType.SEAT_GROWTH);
        windows.windows.clear();
        assertThat(fired(event("seat_added", T0, Map.of()), event("seat_added", T0 + 14 * DAY, Map.of()))).isEmpty();
    }

    @Test
    void threeHitsOnAHigherPlanFeatureWithinFourteenDaysFireButTwoDoNot() {
        UsageEvent hit = event("feature_gate", T0, Map.of("feature", "sso"));

        assertThat(fired(hit, copy(hit, T0 + DAY))).isEmpty();
        assertThat(fired(copy(hit, T0 + 14 * DAY - 1))).containsExactly(SignalType.FEATURE_GATE);
    }

    @Test
    void theThirdHitJustOutsideTheWindowDoesNotFire() {
        UsageEvent hit = event("feature_gate", T0, Map.of("feature", "sso"));

        assertThat(fired(hit, copy(hit, T0 + DAY), copy(hit, T0 + 14 * DAY))).isEmpty();
    }

    @Test
    void aFeatureOnTheAccountsOwnPlanIsNoGate() {
        assertThat(rules.matches(event("feature_gate", T0, Map.of("feature", "csv_export")), account("starter", "active"))).isEmpty();
        assertThat(rules.matches(event("feature_gate", T0, Map.of("feature", "sso")), account("business", "active"))).isEmpty();
    }

    @Test
    void anEnterpriseIntegrationTriedTwiceInFortyEightHoursFiresButNotInFortyNine() {
        UsageEvent tried = event("feature_gate", T0, Map.of("feature", "salesforce_sync"));

        assertThat(fired(tried, copy(tried, T0 + 48 * HOUR - 1))).containsExactly(SignalType.FEATURE_GATE);
        windows.windows.clear();
        assertThat(fired(tried, copy(tried, T0 + 48 * HOUR))).isEmpty();
    }

    @Test
    void anAskForAHigherTierCapabilityFiresOnTheFirstEvent() {
        assertThat(fired(event("support_request", T0, Map.of("capability", "saml")))).containsExactly(SignalType.EXPLICIT_ASK);
        assertThat(fired(event("docs_view", T0, Map.of("capability", "audit_trail")))).containsExactly(SignalType.EXPLICIT_ASK);
    }

    @Test
    void anAskForWhatThePlanAlreadyHasOrTheCatalogDoesNotKnowIsNoSignal() {
        assertThat(rules.matches(event("support_request", T0, Map.of("capability", "dashboards")), account("starter", "active"))).isEmpty();
        assertThat(rules.matches(event("support_request", T0, Map.of("capability", "teleportation")), account("starter", "active"))).isEmpty();
    }

    @Test
    void theSameWorkaroundThreeTimesInThirtyDaysFiresOnAPaidAccountOnly() {
        UsageEvent workaround = event("workaround", T0, Map.of("name", "manual_csv_merge"));
        List<UsageEvent> three = List.of(workaround, copy(workaround, T0 + 10 * DAY), copy(workaround, T0 + 30 * DAY - 1));

        assertThat(fired(three.toArray(UsageEvent[]::new))).containsExactly(SignalType.WORKAROUND);
        assertThat(rules.matches(workaround, account("starter", "trial"))).isEmpty();
    }

    @Test
    void aThirdWorkaroundThirtyDaysAfterTheFirstDoesNotFire() {
        UsageEvent workaround = event("workaround", T0, Map.of("name", "manual_csv_merge"));

        assertThat(fired(workaround, copy(workaround, T0 + 10 * DAY), copy(workaround, T0 + 30 * DAY))).isEmpty();
    }

    @Test
    void twoDifferentWorkaroundsDoNotAddUp() {
        UsageEvent one = event("workaround", T0, Map.of("name", "manual_csv_merge"));
        UsageEvent other = event("workaround", T0 + DAY, Map.of("name", "copy_paste_reports"));

        assertThat(fired(one, other, copy(one, T0 + 2 * DAY))).isEmpty();
    }

    @Test
    void aFilledWindowStartsOverAndAStaleOneExpires() {
        assertThat(fired(event("seat_added", T0, Map.of()), event("seat_added", T0 + DAY, Map.of()))).hasSize(1);
        assertThat(fired(event("seat_added", T0 + 2 * DAY, Map.of()))).isEmpty(); // needs two fresh seats
        windows.expire(T0 + 16 * DAY);
        assertThat(windows.isEmpty()).isTrue();
    }

    @Test
    void problemTicketsAreTicketEventsOrAnythingFlaggedWithASeverity() {
        assertThat(rules.isProblemTicket(event("ticket_opened", T0, Map.of()))).isTrue();
        UsageEvent severe = event("support_request", T0, Map.of());
        severe.attributes = Map.of("severity", "high");
        assertThat(rules.isProblemTicket(severe)).isTrue();
        assertThat(rules.isProblemTicket(event("support_request", T0, Map.of("capability", "saml")))).isFalse();
    }

    /** Feeds the events, in order, to the windows of a paid starter account; returns what fired. */
    private List<SignalType> fired(UsageEvent... events) {
        List<SignalType> fired = new ArrayList<>();
        for (UsageEvent event : events) {
            for (EventRules.Match match : rules.matches(event, account("starter", "active"))) {
                if (!windows.add(match.key(), event.occurredAt, match.windowMillis(), match.minEvents()).isEmpty()) {
                    fired.add(match.type());
                }
            }
        }
        return fired;
    }

    private static Account account(String planId, String status) {
        Account account = new Account();
        account.accountId = "acct-1";
        account.planId = planId;
        account.status = status;
        return account;
    }

    private static UsageEvent event(String type, long at, Map<String, String> fields) {
        UsageEvent event = new UsageEvent();
        event.eventId = type + at;
        event.accountId = "acct-1";
        event.type = type;
        event.occurredAt = at;
        event.feature = fields.get("feature");
        event.capability = fields.get("capability");
        event.name = fields.get("name");
        return event;
    }

    private static UsageEvent copy(UsageEvent event, long at) {
        return event(event.type, at, event.feature != null ? Map.of("feature", event.feature)
                : event.name != null ? Map.of("name", event.name) : Map.of());
    }
}
