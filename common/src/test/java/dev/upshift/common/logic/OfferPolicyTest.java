package dev.upshift.common.logic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upshift.common.config.ConfigLoader;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.model.Evidence;
import dev.upshift.common.model.OfferDecision;
import dev.upshift.common.model.Signal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OfferPolicyTest {
    private static final long T0 = Instant.parse("2026-01-26T01:00:00Z").toEpochMilli();
    private final UpshiftConfig config = ConfigLoader.defaults();
    private final OfferPolicy policy = new OfferPolicy(config.catalog(), config.offers());

    @Test
    void requestsTheLowestPlanWhoseLimitClearsUsageWithHeadroom() {
        OfferDecision decision = policy.decide(signal("starter", "seats", 17.0, T0), null);

        assertThat(decision.status).isEqualTo(OfferDecision.REQUESTED);
        assertThat(decision.target).isEqualTo("business"); // 17 x 1.25 = 21.25 > team's 20 seats
        assertThat(decision.currentPlan).isEqualTo("starter");
        assertThat(decision.kind).isEqualTo("upsell");
        assertThat(decision.group).isEqualTo("treatment");
        assertThat(decision.decidedAt).isEqualTo(T0);
        assertThat(decision.reason).isNull();
    }

    @Test
    void withoutKnownUsageTheTargetIsTheNextPlanUp() {
        assertThat(policy.decide(signal("team", "seats", null, T0), null).target).isEqualTo("business");
    }

    @Test
    void aLimitlessPlanClearsAnyUsage() {
        assertThat(policy.decide(signal("business", "api_calls", 5_000_000.0, T0), null).target).isEqualTo("enterprise");
    }

    @Test
    void theTopPlanHasNoUpgradePath() {
        assertSuppressed(policy.decide(signal("enterprise", "storage_gb", 9.0, T0), null), "no_upgrade_path");
    }

    @Test
    void aPlanRemovedFromTheCatalogIsSuppressedNotMisread() {
        assertSuppressed(policy.decide(signal("legacy-pro", "seats", 4.0, T0), null), "unknown_plan");
    }

    @Test
    void aSignalInsideTheCooldownIsSuppressedUntilItEnds() {
        long lastRequest = T0 - Duration.ofDays(29).toMillis();

        OfferDecision decision = policy.decide(signal("starter", "seats", 4.0, T0), lastRequest);

        assertThat(decision.status).isEqualTo(OfferDecision.SUPPRESSED);
        assertThat(decision.reason).isEqualTo("cooldown");
        assertThat(decision.suppressedUntil).isEqualTo(lastRequest + Duration.ofDays(30).toMillis());
    }

    @Test
    void theCooldownEndsAfterExactlyThirtyDays() {
        long lastRequest = T0 - Duration.ofDays(30).toMillis();

        assertThat(policy.decide(signal("starter", "seats", 4.0, T0), lastRequest).status).isEqualTo(OfferDecision.REQUESTED);
    }

    @Test
    void offerIdsAreDeterministicAndDistinct() {
        Signal signal = signal("starter", "seats", 4.0, T0);

        assertThat(OfferPolicy.offerId(signal)).isEqualTo(OfferPolicy.offerId(signal("starter", "seats", 4.0, T0)));
        assertThat(OfferPolicy.offerId(signal)).isNotEqualTo(OfferPolicy.offerId(signal("starter", "seats", 4.0, T0 + 1)));
        assertThat(policy.decide(signal, null).offerId).isEqualTo(OfferPolicy.offerId(signal));
    }

    private static void assertSuppressed(OfferDecision decision, String reason) {
        assertThat(decision.status).isEqualTo(OfferDecision.SUPPRESSED);
        assertThat(decision.reason).isEqualTo(reason);
        assertThat(decision.target).isNull();
    }

    private static Signal signal(String planId, String metric, Double usage, long firedAt) {
        Evidence evidence = new Evidence();
        evidence.planId = planId;
        evidence.metric = metric;
        evidence.usage = usage;
        return Signal.of("acct-1", Signal.LIMIT_PRESSURE, firedAt, evidence);
    }
}
