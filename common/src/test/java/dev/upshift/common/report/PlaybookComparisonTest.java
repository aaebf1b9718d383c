package dev.upshift.common.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upshift.common.model.OfferDecision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The comparison's rules where the scenario test does not reach: withdrawals, only-B offers, owners, order. */
class PlaybookComparisonTest {
    @Test
    void aWithdrawalIsADecisionButNotASignal() {
        List<OfferDecision> a = List.of(decision("acct-1", "csm-1", "explicit_ask", "2026-03-02T10:00:00Z", OfferDecision.REQUESTED, null, "business"),
                decision("acct-1", "csm-1", "explicit_ask", "2026-03-04T10:00:00Z", OfferDecision.WITHDRAWN, "accepted_other_offer", "business"));

        PlaybookComparison.Tally tally = PlaybookComparison.of("a", a, "b", a, List.of()).total().a();

        assertThat(tally.signals()).isEqualTo(1);
        assertThat(tally.decisions()).isEqualTo(Map.of("requested", 1L, "withdrawn", 1L));
        assertThat(tally.requested()).isEqualTo(1);
    }

    @Test
    void namesAnOfferOnlyBMakesAndAnOfferToAnotherTarget() {
        List<OfferDecision> a = List.of(
                decision("acct-1", "csm-1", "seat_growth", "2026-03-02T10:00:00Z", OfferDecision.SUPPRESSED, "cooldown", "team"),
                decision("acct-2", null, "explicit_ask", "2026-03-03T10:00:00Z", OfferDecision.REQUESTED, null, "team"));
        List<OfferDecision> b = List.of(
                decision("acct-1", "csm-1", "seat_growth", "2026-03-02T10:00:00Z", OfferDecision.REQUESTED, null, "team"),
                decision("acct-2", null, "explicit_ask", "2026-03-03T10:00:00Z", OfferDecision.REQUESTED, null, "business"));

        PlaybookComparison comparison = PlaybookComparison.of("a", a, "b", b, List.of());

        assertThat(comparison.changedAccounts()).containsExactly(
                new PlaybookComparison.AccountChange("acct-1", "csm-1", "starter", PlaybookComparison.Change.only_b, List.of(
                        new PlaybookComparison.DecisionDifference("2026-03-02T10:00:00Z", "seat_growth", "suppressed: cooldown", "cooldown",
                                "requested upsell → team", null))),
                new PlaybookComparison.AccountChange("acct-2", null, "starter", PlaybookComparison.Change.different_offers, List.of(
                        new PlaybookComparison.DecisionDifference("2026-03-03T10:00:00Z", "explicit_ask", "requested upsell → team", null,
                                "requested upsell → business", null))));
        assertThat(comparison.sendsPerWeek()).containsExactly(
                new PlaybookComparison.WeekSends("2026-03-02", PlaybookComparison.NO_OWNER, 1, 1),
                new PlaybookComparison.WeekSends("2026-03-02", "csm-1", 0, 1));
    }

    @Test
    void theFiguresDoNotDependOnTheOrderTheDecisionsWereReadIn() {
        List<OfferDecision> a = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            OfferDecision offer = decision("acct-" + i, "csm-" + i % 3, "explicit_ask", "2026-03-02T10:00:00Z", OfferDecision.REQUESTED, null, "team");
            offer.annualRevenue = 0.1 * i;
            offer.expectedValue = 0.35 * 0.1 * i;
            a.add(offer);
        }
        List<OfferDecision> shuffled = new ArrayList<>(a);
        Collections.shuffle(shuffled, new java.util.Random(7));

        PlaybookComparison comparison = PlaybookComparison.of("a", a, "b", shuffled, List.of());

        assertThat(comparison.total().a()).isEqualTo(comparison.total().b());
        assertThat(comparison.total().difference().targetRevenue()).isZero();
        assertThat(comparison.total().a().targetRevenue()).isEqualTo(1990.0);
        assertThat(comparison.changedAccounts()).isEmpty();
    }

    @Test
    void putsAWeekOnItsMondayInUtc() {
        assertThat(PlaybookComparison.weekOf(Instant.parse("2026-03-08T23:59:59Z").toEpochMilli())).isEqualTo("2026-03-02");
        assertThat(PlaybookComparison.weekOf(Instant.parse("2026-03-09T00:00:00Z").toEpochMilli())).isEqualTo("2026-03-09");
    }

    private static OfferDecision decision(String account, String owner, String signal, String at, String status, String reason, String target) {
        OfferDecision decision = new OfferDecision();
        decision.offerId = account + "-" + at;
        decision.accountId = account;
        decision.ownerId = owner;
        decision.signal = signal;
        decision.segment = "starter";
        decision.kind = "upsell";
        decision.target = target;
        decision.decidedAt = Instant.parse(at).toEpochMilli();
        decision.status = status;
        decision.reason = reason;
        decision.annualRevenue = 1800.0;
        decision.expectedValue = 450.0;
        return decision;
    }
}
