package dev.upshift.common.logic;

import dev.upshift.common.config.PlanCatalog;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.model.Account;
import dev.upshift.common.model.OfferDecision;
import dev.upshift.common.model.RankedOffer;
import dev.upshift.common.model.Signal;
import dev.upshift.common.model.SignalType;
import dev.upshift.common.state.OfferLedger.LedgerEntry;
import dev.upshift.common.state.OfferLedger;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Decides what to do with the signals an account fired at one moment: at most one offer, the candidate worth
 * the most that every guardrail allows; every other signal gets a decision with its reason. Pure: the caller
 * owns the state (the ledger) and the clock (event time).
 */
public final class OfferPolicy implements Serializable {
    /** A decision and the signal it is about, for the audit trail. */
    public record Decided(Signal signal, OfferDecision decision) {}

    private static final Comparator<Candidate> BEST_FIRST = Comparator.<Candidate>comparingDouble(c -> -c.offer.expectedValue)
            .thenComparingInt(c -> c.signal.type().ordinal())
            .thenComparing(c -> c.offer.kind);

    private final PlanCatalog catalog;
    private final OfferCandidates candidates;
    private final Guardrails guardrails;
    private final Holdout holdout;

    public OfferPolicy(UpshiftConfig config) {
        this.catalog = config.catalog();
        this.candidates = new OfferCandidates(config.catalog(), config.offers());
        this.guardrails = new Guardrails(config.guardrails(), config.signals().usageDrop());
        this.holdout = new Holdout(config.holdout());
    }

    public Guardrails guardrails() {
        return guardrails;
    }

    /**
     * @param account the account with its terms unsealed, or null when its record is unknown here
     * @param due the signals that fired at {@code now}, in a deterministic order
     */
    public List<Decided> decide(List<Signal> due, Account account, OfferLedger ledger, AcceptanceRates rates, long now) {
        List<Decided> decided = new ArrayList<>();
        List<Candidate> pool = new ArrayList<>();
        for (Signal signal : due) {
            OfferDecision decision = shell(signal, account, now);
            if (account == null || !catalog.hasPlan(account.planId)) {
                decided.add(new Decided(signal, suppress(decision, account == null ? Guardrails.UNKNOWN_ACCOUNT : Guardrails.UNKNOWN_PLAN, null)));
            } else if (signal.type().intent() == SignalType.Intent.EDUCATION) {
                decided.add(new Decided(signal, valueTouch(decision, account, ledger, now)));
            } else {
                collectCandidates(signal, decision, account, ledger, rates, now, pool, decided);
            }
        }
        if (!pool.isEmpty()) {
            chooseOffer(pool, ledger, now, decided);
        }
        return decided;
    }

    /** A negative signal: a value touch (never a pitch) that also holds pitches back while the account is at risk. */
    private OfferDecision valueTouch(OfferDecision decision, Account account, OfferLedger ledger, long now) {
        decision.kind = OfferCandidates.EDUCATION;
        Guardrails.Block block = guardrails.anyTouch(account, ledger, now);
        guardrails.markAtRisk(ledger, now);
        return block != null ? suppress(decision, block.reason(), block.until()) : offer(decision);
    }

    private void collectCandidates(Signal signal, OfferDecision decision, Account account, OfferLedger ledger,
            AcceptanceRates rates, long now, List<Candidate> pool, List<Decided> decided) {
        Guardrails.Block block = guardrails.pitch(account, ledger, now);
        if (block != null && block.reason().equals(Guardrails.CONTRACT_LOCKED)) {
            decision.status = OfferDecision.HANDED_OFF;
            decision.reason = Guardrails.CONTRACT_LOCKED;
            decided.add(new Decided(signal, decision));
            return;
        }
        if (block != null) {
            decided.add(new Decided(signal, suppress(decision, block.reason(), block.until())));
            return;
        }
        OfferCandidates.Result result = candidates.of(signal, account, rates);
        if (result.candidates().isEmpty()) {
            decided.add(new Decided(signal, suppress(decision, result.noneBecause(), null)));
            return;
        }
        for (RankedOffer offer : result.candidates()) {
            pool.add(new Candidate(signal, decision, offer));
        }
    }

    /**
     * Ranks every candidate by expected value and takes the best one the frequency cap allows. When a limit is
     * blocking the account, its upsell comes before any cross-sell.
     */
    private void chooseOffer(List<Candidate> pool, OfferLedger ledger, long now, List<Decided> decided) {
        pool.sort(BEST_FIRST);
        boolean limitBlocking = pool.stream().anyMatch(c -> c.signal.type().blocksTheAccount());
        Candidate winner = null;
        for (Candidate candidate : pool) {
            if (limitBlocking && candidate.offer.kind.equals(OfferCandidates.CROSS_SELL)) {
                candidate.block = new Guardrails.Block(Guardrails.SEQUENCING, null);
            } else if (winner == null) {
                candidate.block = guardrails.frequency(ledger, candidate.signal.type().family(), candidate.targetId(), now);
                winner = candidate.block == null ? candidate : null;
            }
            candidate.offer.blockedBy = candidate.block == null ? null : candidate.block.reason();
        }
        List<RankedOffer> ranking = pool.stream().map(c -> c.offer).toList();
        List<Signal> seen = new ArrayList<>();
        if (winner != null) {
            decided.add(new Decided(winner.signal, win(winner, ranking, ledger)));
            seen.add(winner.signal);
        }
        for (Candidate candidate : pool) {
            if (!seen.contains(candidate.signal)) {
                seen.add(candidate.signal);
                decided.add(new Decided(candidate.signal, lose(candidate, winner)));
            }
        }
    }

    private OfferDecision win(Candidate winner, List<RankedOffer> ranking, OfferLedger ledger) {
        OfferDecision decision = winner.decision;
        apply(decision, winner.offer);
        decision.ranking = ranking;
        LedgerEntry entry = new LedgerEntry();
        entry.offerId = decision.offerId;
        entry.decidedAt = decision.decidedAt;
        entry.signal = decision.signal;
        entry.family = decision.family;
        entry.target = winner.targetId();
        ledger.recentOffers.add(entry);
        return offer(decision);
    }

    /** A signal whose best candidate lost: to the winner, or to a guardrail when nothing won. */
    private static OfferDecision lose(Candidate best, Candidate winner) {
        OfferDecision decision = best.decision;
        apply(decision, best.offer);
        if (winner != null && best.block == null) {
            decision.outrankedBy = winner.decision.offerId;
            return suppress(decision, Guardrails.OUTRANKED, null);
        }
        return suppress(decision, best.block.reason(), best.block.until());
    }

    private static void apply(OfferDecision decision, RankedOffer offer) {
        decision.kind = offer.kind;
        decision.target = offer.target;
        decision.addOn = offer.addOn;
        decision.seats = offer.seats;
        decision.pAccept = offer.pAccept;
        decision.annualRevenue = offer.annualRevenue;
        decision.expectedValue = offer.expectedValue;
    }

    private OfferDecision shell(Signal signal, Account account, long now) {
        OfferDecision decision = decision(offerId(signal), signal.accountId, signal.signal, signal.type().family(), account, now);
        decision.kind = signal.type().intent().name().toLowerCase(Locale.ROOT);
        decision.currentPlan = account != null ? account.planId : signal.evidence.planId;
        decision.segment = account != null ? account.segment() : null;
        decision.evidence = signal.evidence;
        return decision;
    }

    /** What every decision about an offer says: which offer, whose, decided when, and in which group. */
    private OfferDecision decision(String offerId, String accountId, String signal, String family, Account account, long now) {
        OfferDecision decision = new OfferDecision();
        decision.offerId = offerId;
        decision.accountId = accountId;
        decision.signal = signal;
        decision.family = family;
        decision.ownerId = account != null ? account.ownerId : null;
        decision.group = holdout.isHeldOut(accountId) ? OfferDecision.HOLDOUT : OfferDecision.TREATMENT;
        decision.decidedAt = now;
        return decision;
    }

    /** Requested, or withheld for the holdout group: the same decision, recorded either way. */
    private static OfferDecision offer(OfferDecision decision) {
        boolean heldOut = OfferDecision.HOLDOUT.equals(decision.group);
        decision.status = heldOut ? OfferDecision.WITHHELD : OfferDecision.REQUESTED;
        decision.reason = heldOut ? OfferDecision.HOLDOUT : null;
        return decision;
    }

    private static OfferDecision suppress(OfferDecision decision, String reason, Long until) {
        decision.status = OfferDecision.SUPPRESSED;
        decision.reason = reason;
        decision.suppressedUntil = until;
        return decision;
    }

    /**
     * The decision the guardrails take for a signal of an account whose contact is on the suppression list, for the
     * list to put in place of one taken without knowing it: {@link Guardrails#anyTouch} stops everything about a
     * known account before anything else is weighed, so what the decision had become (an offer, a hand-off, another
     * suppression) gives way to {@code opted_out}. Empty when nothing changes: a withdrawal, a decision already opted
     * out, or one about an account or a plan unknown here, which no guardrail got to.
     */
    public static Optional<OfferDecision> asOptedOut(Signal signal, OfferDecision decided) {
        if (signal == null || Guardrails.OPTED_OUT.equals(decided.reason) || Guardrails.UNKNOWN_ACCOUNT.equals(decided.reason)
                || Guardrails.UNKNOWN_PLAN.equals(decided.reason)) {
            return Optional.empty();
        }
        OfferDecision decision = new OfferDecision();
        decision.offerId = decided.offerId;
        decision.accountId = decided.accountId;
        decision.signal = decided.signal;
        decision.family = decided.family;
        decision.ownerId = decided.ownerId;
        decision.group = decided.group;
        decision.decidedAt = decided.decidedAt;
        decision.kind = signal.type().intent().name().toLowerCase(Locale.ROOT);
        decision.currentPlan = decided.currentPlan;
        decision.segment = decided.segment;
        decision.evidence = decided.evidence;
        return Optional.of(suppress(decision, Guardrails.OPTED_OUT, null));
    }

    /** A withdrawal notice for an open offer that an acceptance made moot. */
    public OfferDecision withdrawal(LedgerEntry entry, Account account, String accountId, long now) {
        OfferDecision decision = decision(entry.offerId, accountId, entry.signal, entry.family, account, now);
        decision.target = entry.target;
        decision.status = OfferDecision.WITHDRAWN;
        decision.reason = Guardrails.ACCEPTED_OTHER_OFFER;
        return decision;
    }

    /** Deterministic: the same signal always yields the same id, so replays and restarts agree. */
    public static String offerId(Signal signal) {
        String name = signal.accountId + '|' + signal.signal + '|' + signal.firedAt + '|' + subjectOf(signal);
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Two signals of one kind at one moment differ in what they are about. */
    private static String subjectOf(Signal signal) {
        return String.join("/", String.valueOf(signal.evidence.metric), String.valueOf(signal.evidence.feature),
                String.valueOf(signal.evidence.capability), String.valueOf(signal.evidence.name),
                String.valueOf(signal.evidence.userId), String.valueOf(signal.evidence.addOn),
                String.valueOf(signal.evidence.trigger));
    }

    private static final class Candidate {
        final Signal signal;
        final OfferDecision decision;
        final RankedOffer offer;
        Guardrails.Block block;

        Candidate(Signal signal, OfferDecision decision, RankedOffer offer) {
            this.signal = signal;
            this.decision = decision;
            this.offer = offer;
        }

        String targetId() {
            return offer.addOn != null ? offer.addOn : offer.target;
        }
    }
}
