package dev.upshift.common.logic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.upshift.common.config.ConfigLoader;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.model.Account;
import dev.upshift.common.model.Evidence;
import dev.upshift.common.model.Feedback;
import dev.upshift.common.model.OfferDecision;
import dev.upshift.common.model.Signal;
import dev.upshift.common.model.SignalType;
import dev.upshift.common.state.OfferLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Targets, expected-value ranking and every guardrail, each with its reason code. *
 * <p>Long because it is the table of the policy's cases: one short test per target, ranking rule and guardrail,
 * sharing one catalog and account builder.
 */
class OfferPolicyTest {
    private static final long T0 = Instant.parse("2026-03-02T01:00:00Z").toEpochMilli();
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final AcceptanceRates NO_OUTCOMES = (signal, segment, asOf) -> AcceptanceRates.NONE;

    private final OfferPolicy policy = policy("");
    private final OfferLedger ledger = new OfferLedger();

    @Test
    void limitPressureOffersTheLowestPlanThatClearsUsageWithHeadroomValuedAfterTheDiscount() {
        Account account = account("starter");
        account.discountPct = 10.0;

        OfferDecision decision = decideOne(limitPressure("seats", 17, T0), account);

        assertThat(decision.status).isEqualTo(OfferDecision.REQUESTED);
        assertThat(decision.target).isEqualTo("business"); // 17 x 1.25 = 21.25 > team's 20 seats
        assertThat(decision.kind).isEqualTo("upsell");
        assertThat(decision.family).isEqualTo("usage_limit");
        assertThat(decision.group).isEqualTo(OfferDecision.TREATMENT);
        assertThat(decision.ownerId).isEqualTo("csm-1");
        assertThat(decision.pAccept).isEqualTo(0.3);
        assertThat(decision.annualRevenue).isEqualTo(8100.0); // (799 - 49) x 12 x 0.9
        assertThat(decision.expectedValue).isEqualTo(2430.0);
        assertThat(decision.ranking).singleElement().satisfies(offer -> assertThat(offer.annualListDelta).isEqualTo(9000.0));
    }

    @Test
    void anAskForAHigherTierCapabilityTargetsTheLowestPlanThatHasIt() {
        OfferDecision decision = decideOne(ask("saml", "sso", T0), account("starter"));

        assertThat(decision.target).isEqualTo("business");
        assertThat(decision.family).isEqualTo("feature_need");
    }

    @Test
    void seatGrowthOnPerSeatPricingRanksMoreSeatsAgainstTheNextPlan() {
        OfferDecision decision = decideOne(seatGrowth(19, 20.0, T0), account("team"));

        assertThat(decision.ranking).extracting(offer -> offer.kind, offer -> offer.target, offer -> offer.seats, offer -> offer.annualRevenue)
                .containsExactly(
                        tuple("upsell", "business", null, 7200.0),
                        tuple("seat_expansion", "team", 24, 720.0)); // ceil(19 x 1.25) - 20 seats x 15 x 12
        assertThat(decision.kind).isEqualTo("upsell");
    }

    @Test
    void ofSignalsFiredTogetherTheHighestExpectedValueWinsAndTheOthersAreOutranked() {
        List<OfferPolicy.Decided> decided = policy.decide(
                List.of(limitPressure("api_calls", 95_000, T0), powerUser(T0)), account("team"), ledger, NO_OUTCOMES, T0);

        OfferDecision winner = decided.get(0).decision();
        OfferDecision loser = decided.get(1).decision();
        assertThat(winner.signal).isEqualTo("limit_pressure");
        assertThat(winner.ranking).extracting(offer -> offer.signal, offer -> offer.expectedValue)
                .containsExactly(tuple("limit_pressure", 2160.0), tuple("power_user", 720.0));
        assertThat(loser.status).isEqualTo(OfferDecision.SUPPRESSED);
        assertThat(loser.reason).isEqualTo(Guardrails.OUTRANKED);
        assertThat(loser.outrankedBy).isEqualTo(winner.offerId);
    }

    @Test
    void whileALimitBlocksTheAccountItsUpsellGoesBeforeAMoreValuableCrossSell() {
        OfferPolicy cheapUpsells = policy("offers: {priors: {limit_pressure: 0.05, cross_sell: 0.9}}");

        List<OfferPolicy.Decided> decided = cheapUpsells.decide(
                List.of(limitPressure("api_calls", 95_000, T0), crossSell("analytics", T0)), account("team"), ledger, NO_OUTCOMES, T0);

        assertThat(decided.get(0).decision().signal).isEqualTo("limit_pressure");
        assertThat(decided.get(0).decision().status).isEqualTo(OfferDecision.REQUESTED);
        assertThat(decided.get(0).decision().ranking.get(0).signal).isEqualTo("cross_sell"); // worth more ...
        assertThat(decided.get(0).decision().ranking.get(0).blockedBy).isEqualTo(Guardrails.SEQUENCING); // ... but waits
        assertThat(decided.get(1).decision().reason).isEqualTo(Guardrails.SEQUENCING);
    }

    @Test
    void outcomesTeachTheRanking() {
        AcceptanceRates learned = (signal, segment, asOf) -> signal.equals("limit_pressure") && segment.equals("team")
                ? new AcceptanceRates.Observed(10, 10) : AcceptanceRates.NONE;

        OfferDecision decision = policy.decide(List.of(limitPressure("api_calls", 95_000, T0)), account("team"), ledger, learned, T0)
                .get(0).decision();

        assertThat(decision.pAccept).isEqualTo(0.5333); // (10 accepted + 0.3 x 20) / (10 resolved + 20)
        assertThat(decision.ranking.get(0).observedOutcomes).isEqualTo(10);
    }

    @Test
    void aCooldownHoldsASecondOfferOfTheSameFamily() {
        decideOne(limitPressure("seats", 17, T0), account("starter"));

        OfferDecision second = decideOne(limitPressure("api_calls", 9_500, T0 + 10 * DAY), account("starter"));

        assertSuppressed(second, Guardrails.COOLDOWN, T0 + 30 * DAY);
    }

    @Test
    void aSecondOfferInsideTheCooldownNeedsADifferentFamilyAndADifferentTarget() {
        decideOne(limitPressure("api_calls", 95_000, T0), account("team")); // usage_limit -> business

        OfferDecision sameTarget = decideOne(ask("saml", "sso", T0 + 5 * DAY), account("team")); // feature_need -> business
        OfferDecision different = decideOne(crossSell("analytics", T0 + 6 * DAY), account("team")); // cross_sell -> analytics

        assertSuppressed(sameTarget, Guardrails.COOLDOWN, T0 + 30 * DAY);
        assertThat(different.status).isEqualTo(OfferDecision.REQUESTED);
    }

    @Test
    void aThirdOfferInsideTheCooldownIsNeverAllowed() {
        decideOne(limitPressure("api_calls", 95_000, T0), account("team"));
        decideOne(crossSell("analytics", T0 + 6 * DAY), account("team"));

        OfferDecision third = decideOne(annualConversion(T0 + 8 * DAY), account("team"));

        assertSuppressed(third, Guardrails.FREQUENCY_CAP, T0 + 30 * DAY);
    }

    @Test
    void theSecondOfferRuleCanBeSwitchedOff() {
        OfferPolicy strict = policy("guardrails: {secondOfferIfDifferent: false}");
        strict.decide(List.of(limitPressure("api_calls", 95_000, T0)), account("team"), ledger, NO_OUTCOMES, T0);

        OfferDecision second = strict.decide(List.of(crossSell("analytics", T0 + 6 * DAY)), account("team"), ledger, NO_OUTCOMES, T0 + 6 * DAY)
                .get(0).decision();

        assertSuppressed(second, Guardrails.COOLDOWN, T0 + 30 * DAY);
    }

    @Test
    void noOfferInTheFirstFourteenDaysOfAnAccount() {
        Account young = account("starter");
        young.startedAt = T0 - 14 * DAY + 1;

        assertSuppressed(decideOne(limitPressure("seats", 17, T0), young), Guardrails.NEW_ACCOUNT, T0 + 1);
        young.startedAt = T0 - 14 * DAY;
        assertThat(decideOne(limitPressure("seats", 17, T0), young).status).isEqualTo(OfferDecision.REQUESTED);
    }

    @Test
    void noOfferForADayAfterAProblemTicket() {
        policy.guardrails().problemTicket(ledger, T0 - DAY + 1);

        assertSuppressed(decideOne(limitPressure("seats", 17, T0), account("starter")), Guardrails.SUPPORT_TICKET, T0 + 1);
        assertThat(decideOne(limitPressure("seats", 17, T0 + 1), account("starter")).status).isEqualTo(OfferDecision.REQUESTED);
    }

    @Test
    void optedOutAccountsNeverGetOffersWhetherFromTheirRecordOrAnUnsubscribe() {
        Account optedOut = account("starter");
        optedOut.optedOut = true;
        assertSuppressed(decideOne(limitPressure("seats", 17, T0), optedOut), Guardrails.OPTED_OUT, null);

        OfferLedger unsubscribed = new OfferLedger();
        policy.guardrails().applyOutcome(unsubscribed, feedback(null, Feedback.UNSUBSCRIBED, T0));
        OfferDecision later = policy.decide(List.of(limitPressure("seats", 17, T0 + 400 * DAY)), account("starter"), unsubscribed,
                NO_OUTCOMES, T0 + 400 * DAY).get(0).decision();
        assertSuppressed(later, Guardrails.OPTED_OUT, null);
    }

    @Test
    void aDeclinePausesTheAccountForThirtyDays() {
        policy.guardrails().applyOutcome(ledger, feedback("offer-1", Feedback.DECLINED, T0));

        assertSuppressed(decideOne(ask("saml", "sso", T0 + 30 * DAY - 1), account("starter")), Guardrails.PAUSED_AFTER_DECLINE, T0 + 30 * DAY);
        assertThat(decideOne(ask("saml", "sso", T0 + 30 * DAY), account("starter")).status).isEqualTo(OfferDecision.REQUESTED);
    }

    @Test
    void noResponsePausesTheAccountForTwentyOneDays() {
        policy.guardrails().applyOutcome(ledger, feedback("offer-1", Feedback.NO_RESPONSE, T0));

        assertSuppressed(decideOne(ask("saml", "sso", T0 + DAY), account("starter")), Guardrails.PAUSED_AFTER_NO_RESPONSE, T0 + 21 * DAY);
    }

    @Test
    void anAcceptanceWithdrawsTheOtherOpenOffers() {
        OfferDecision upsell = decideOne(limitPressure("api_calls", 95_000, T0), account("team"));
        OfferDecision crossSell = decideOne(crossSell("analytics", T0 + DAY), account("team"));

        List<OfferLedger.LedgerEntry> withdrawn = policy.guardrails().applyOutcome(ledger, feedback(upsell.offerId, Feedback.ACCEPTED, T0 + 2 * DAY));

        assertThat(withdrawn).extracting(entry -> entry.offerId).containsExactly(crossSell.offerId);
        OfferDecision notice = policy.withdrawal(withdrawn.get(0), account("team"), "acct-1", T0 + 2 * DAY);
        assertThat(notice.status).isEqualTo(OfferDecision.WITHDRAWN);
        assertThat(notice.reason).isEqualTo(Guardrails.ACCEPTED_OTHER_OFFER);
    }

    @Test
    void aLockedContractIsHandedToItsOwner() {
        Account locked = account("starter");
        locked.upgradeEligible = false;

        OfferDecision decision = decideOne(limitPressure("seats", 17, T0), locked);

        assertThat(decision.status).isEqualTo(OfferDecision.HANDED_OFF);
        assertThat(decision.reason).isEqualTo(Guardrails.CONTRACT_LOCKED);
        assertThat(decision.ownerId).isEqualTo("csm-1");
    }

    @Test
    void aUsageDropEarnsAValueTouchAndHoldsPitchesBackWhileAtRisk() {
        OfferDecision touch = decideOne(usageDrop(T0), account("team"));
        OfferDecision pitch = decideOne(limitPressure("api_calls", 95_000, T0 + 27 * DAY), account("team"));

        assertThat(touch.status).isEqualTo(OfferDecision.REQUESTED);
        assertThat(touch.kind).isEqualTo("education");
        assertThat(touch.target).isNull();
        assertSuppressed(pitch, Guardrails.AT_RISK, T0 + 28 * DAY);
    }

    @Test
    void theHoldoutGroupGetsTheFullDecisionButNothingIsSentAndItStillCountsForTheCooldown() {
        OfferPolicy everyoneHeldOut = policy("holdout: {fraction: 1.0}");

        OfferDecision first = everyoneHeldOut.decide(List.of(limitPressure("seats", 17, T0)), account("starter"), ledger, NO_OUTCOMES, T0).get(0).decision();
        OfferDecision second = everyoneHeldOut.decide(List.of(limitPressure("api_calls", 9_500, T0 + DAY)), account("starter"), ledger, NO_OUTCOMES, T0 + DAY)
                .get(0).decision();

        assertThat(first.status).isEqualTo(OfferDecision.WITHHELD);
        assertThat(first.group).isEqualTo(OfferDecision.HOLDOUT);
        assertThat(first.reason).isEqualTo("holdout");
        assertThat(first.target).isEqualTo("business");
        assertThat(first.ranking).hasSize(1);
        assertSuppressed(second, Guardrails.COOLDOWN, T0 + 30 * DAY);
        assertThat(second.group).isEqualTo(OfferDecision.HOLDOUT);
    }

    @Test
    void annualConversionTradesTheStandardDiscountForCommitmentAndSkipsAnnualAccounts() {
        OfferDecision monthly = decideOne(annualConversion(T0), account("team"));
        Account annual = account("team");
        annual.billingCycle = "annual";

        assertThat(monthly.kind).isEqualTo("annual_plan");
        assertThat(monthly.target).isEqualTo("team");
        assertThat(monthly.annualRevenue).isEqualTo(-358.2); // 199 x 12 x 15%
        assertSuppressed(decideOne(annualConversion(T0 + 40 * DAY), annual), OfferCandidates.ALREADY_ANNUAL, null);
    }

    @Test
    void anAddOnIsNeverOfferedTwiceNorOnAPlanThatCannotBuyIt() {
        Account owner = account("team");
        owner.addOns = List.of("analytics");

        assertSuppressed(decideOne(crossSell("analytics", T0), owner), OfferCandidates.ADDON_OWNED, null);
        assertSuppressed(decideOne(crossSell("analytics", T0), account("starter")), OfferCandidates.ADDON_NOT_OFFERED, null);
    }

    @Test
    void theTopPlanHasNoUpgradePath() {
        assertSuppressed(decideOne(ask("saml", "sso", T0), account("enterprise")), OfferCandidates.NO_UPGRADE_PATH, null);
    }

    @Test
    void aSignalForAnAccountWhoseRecordIsUnknownHereIsSuppressed() {
        OfferDecision decision = policy.decide(List.of(powerUser(T0)), null, ledger, NO_OUTCOMES, T0).get(0).decision();

        assertSuppressed(decision, Guardrails.UNKNOWN_ACCOUNT, null);
    }

    @Test
    void offerIdsAreDeterministic() {
        assertThat(OfferPolicy.offerId(powerUser(T0))).isEqualTo(OfferPolicy.offerId(powerUser(T0)))
                .isNotEqualTo(OfferPolicy.offerId(powerUser(T0 + 1)));
    }

    private OfferDecision decideOne(Signal signal, Account account) {
        List<OfferPolicy.Decided> decided = policy.decide(List.of(signal), account, ledger, NO_OUTCOMES, signal.firedAt);
        assertThat(decided).hasSize(1);
        return decided.get(0).decision();
    }

    private static void assertSuppressed(OfferDecision decision, String reason, Long until) {
        assertThat(decision.status).isEqualTo(OfferDecision.SUPPRESSED);
        assertThat(decision.reason).isEqualTo(reason);
        assertThat(decision.suppressedUntil).isEqualTo(until);
    }

    /** The defaults with nobody held out, overlaid with {@code yaml}. */
    private static OfferPolicy policy(String yaml) {
        UpshiftConfig config = ConfigLoader.load("test", "holdout: {fraction: 0.0}\n" + yaml);
        return new OfferPolicy(config);
    }

    static Account account(String planId) {
        Account account = new Account();
        account.accountId = "acct-1";
        account.planId = planId;
        account.status = "active";
        account.billingCycle = "monthly";
        account.ownerId = "csm-1";
        account.startedAt = T0 - 365 * DAY;
        return account;
    }

    private static Signal limitPressure(String metric, double usage, long at) {
        Evidence evidence = evidence(Evidence.CONSECUTIVE_WEEKS);
        evidence.metric = metric;
        evidence.usage = usage;
        return Signal.of("acct-1", SignalType.LIMIT_PRESSURE, at, evidence);
    }

    private static Signal seatGrowth(double seats, double limit, long at) {
        Evidence evidence = evidence(Evidence.EVENTS_IN_WINDOW);
        evidence.metric = "seats";
        evidence.usage = seats;
        evidence.limit = limit;
        return Signal.of("acct-1", SignalType.SEAT_GROWTH, at, evidence);
    }

    private static Signal ask(String capability, String feature, long at) {
        Evidence evidence = evidence(Evidence.EVENTS_IN_WINDOW);
        evidence.capability = capability;
        evidence.feature = feature;
        return Signal.of("acct-1", SignalType.EXPLICIT_ASK, at, evidence);
    }

    private static Signal crossSell(String addOn, long at) {
        Evidence evidence = evidence(Evidence.CONSECUTIVE_WEEKS);
        evidence.addOn = addOn;
        return Signal.of("acct-1", SignalType.CROSS_SELL, at, evidence);
    }

    private static Signal powerUser(long at) {
        Evidence evidence = evidence(Evidence.CONSECUTIVE_WEEKS);
        evidence.userId = "u-1";
        return Signal.of("acct-1", SignalType.POWER_USER, at, evidence);
    }

    private static Signal annualConversion(long at) {
        return Signal.of("acct-1", SignalType.ANNUAL_CONVERSION, at, evidence(Evidence.TENURE));
    }

    private static Signal usageDrop(long at) {
        return Signal.of("acct-1", SignalType.USAGE_DROP, at, evidence(Evidence.BASELINE_DROP));
    }

    private static Evidence evidence(String trigger) {
        Evidence evidence = new Evidence();
        evidence.trigger = trigger;
        return evidence;
    }

    private static Feedback feedback(String offerId, String outcome, long at) {
        Feedback feedback = new Feedback();
        feedback.accountId = "acct-1";
        feedback.offerId = offerId;
        feedback.outcome = outcome;
        feedback.occurredAt = at;
        return feedback;
    }
}
