package dev.upshift.common.logic;

import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.model.Account;
import dev.upshift.common.model.Feedback;
import dev.upshift.common.state.OfferLedger;
import dev.upshift.common.state.OfferLedger.LedgerEntry;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** Every rule that can stop an offer, each with its reason code, and how outcomes change them. */
public final class Guardrails implements Serializable {
    public static final String UNKNOWN_ACCOUNT = "unknown_account";
    public static final String UNKNOWN_PLAN = "unknown_plan";
    public static final String OPTED_OUT = "opted_out";
    public static final String CONTACT_BOUNCED = "contact_bounced";
    public static final String CONTRACT_LOCKED = "contract_locked";
    public static final String NEW_ACCOUNT = "new_account";
    public static final String SUPPORT_TICKET = "support_ticket";
    public static final String AT_RISK = "at_risk";
    public static final String PAUSED_AFTER_DECLINE = "paused_after_decline";
    public static final String PAUSED_AFTER_NO_RESPONSE = "paused_after_no_response";
    public static final String COOLDOWN = "cooldown";
    public static final String FREQUENCY_CAP = "frequency_cap";
    public static final String SEQUENCING = "upsell_first";
    public static final String OUTRANKED = "outranked";
    public static final String ACCEPTED_OTHER_OFFER = "accepted_other_offer";

    /** A reason not to send, and when it stops applying (null when it does not on its own). */
    public record Block(String reason, Long until) {}

    private final UpshiftConfig.Guardrails settings;
    private final long holdPitchesAfterDrop;

    public Guardrails(UpshiftConfig.Guardrails settings, UpshiftConfig.UsageDrop usageDrop) {
        this.settings = settings;
        this.holdPitchesAfterDrop = usageDrop.holdPitchesFor().toMillis();
    }

    public long cooldownMillis() {
        return settings.cooldown().toMillis();
    }

    /** What stops any touch at all, value touches included. */
    public Block anyTouch(Account account, OfferLedger ledger, long now) {
        if (ledger.optedOut || account.hasOptedOut()) {
            return new Block(OPTED_OUT, null);
        }
        if (ledger.contactBounced) {
            return new Block(CONTACT_BOUNCED, null);
        }
        if (ledger.quietUntil != null && now < ledger.quietUntil) {
            return new Block(SUPPORT_TICKET, ledger.quietUntil);
        }
        return null;
    }

    /** What stops a pitch for this account right now, before looking at the offer itself. */
    public Block pitch(Account account, OfferLedger ledger, long now) {
        Block any = anyTouch(account, ledger, now);
        if (any != null) {
            return any;
        }
        if (!account.isEligibleForUpgrade()) {
            return new Block(CONTRACT_LOCKED, null);
        }
        if (account.startedAt != null && now < account.startedAt + settings.newAccountGrace().toMillis()) {
            return new Block(NEW_ACCOUNT, account.startedAt + settings.newAccountGrace().toMillis());
        }
        if (ledger.atRiskUntil != null && now < ledger.atRiskUntil) {
            return new Block(AT_RISK, ledger.atRiskUntil);
        }
        if (ledger.pausedUntil != null && now < ledger.pausedUntil) {
            return new Block(ledger.pauseReason, ledger.pausedUntil);
        }
        return null;
    }

    /**
     * The frequency cap: one offer per cooldown; a second only when both its family and its target differ from
     * the first (if so configured); never a third.
     */
    public Block frequency(OfferLedger ledger, String family, String target, long now) {
        List<LedgerEntry> recent = new ArrayList<>();
        for (LedgerEntry entry : ledger.recentOffers) {
            if (now < entry.decidedAt + cooldownMillis()) {
                recent.add(entry);
            }
        }
        if (recent.isEmpty()) {
            return null;
        }
        long firstFreed = recent.stream().mapToLong(entry -> entry.decidedAt).min().getAsLong() + cooldownMillis();
        if (recent.size() >= 2) {
            return new Block(FREQUENCY_CAP, firstFreed);
        }
        LedgerEntry first = recent.get(0);
        boolean different = !first.family.equals(family) && !first.target.equals(target);
        return settings.secondOfferIfDifferent() && different ? null : new Block(COOLDOWN, firstFreed);
    }

    public void markAtRisk(OfferLedger ledger, long now) {
        ledger.atRiskUntil = now + holdPitchesAfterDrop;
    }

    public void problemTicket(OfferLedger ledger, long at) {
        long until = at + settings.afterProblemTicket().toMillis();
        ledger.quietUntil = ledger.quietUntil == null ? until : Math.max(ledger.quietUntil, until);
    }

    /**
     * Applies an outcome to the ledger. Returns the open offers an acceptance calls off (already marked
     * resolved), so the caller can announce their withdrawal.
     */
    public List<LedgerEntry> applyOutcome(OfferLedger ledger, Feedback feedback) {
        markResolved(ledger, feedback.offerId);
        switch (feedback.outcome) {
            case Feedback.DECLINED -> pause(ledger, declinedUntil(feedback), PAUSED_AFTER_DECLINE);
            case Feedback.NO_RESPONSE -> pause(ledger, feedback.occurredAt + settings.pauseAfterNoResponse().toMillis(), PAUSED_AFTER_NO_RESPONSE);
            case Feedback.UNSUBSCRIBED, Feedback.COMPLAINED -> ledger.optedOut = true;
            case Feedback.BOUNCED -> ledger.contactBounced = true;
            case Feedback.REPLIED -> {
                // The owner answers in person; the offer is settled, and nothing else changes.
            }
            default -> {
                return withdrawOpenOffers(ledger);
            }
        }
        return List.of();
    }

    /** A decline names its own end ("ask me in Q3") or takes the configured pause. */
    private long declinedUntil(Feedback feedback) {
        return feedback.pausedUntil != null && feedback.pausedUntil > feedback.occurredAt
                ? feedback.pausedUntil : feedback.occurredAt + settings.pauseAfterDecline().toMillis();
    }

    private static void markResolved(OfferLedger ledger, String offerId) {
        for (LedgerEntry entry : ledger.recentOffers) {
            if (entry.offerId.equals(offerId)) {
                entry.resolved = true;
            }
        }
    }

    private static List<LedgerEntry> withdrawOpenOffers(OfferLedger ledger) {
        List<LedgerEntry> withdrawn = new ArrayList<>();
        for (LedgerEntry entry : ledger.recentOffers) {
            if (!entry.resolved) {
                entry.resolved = true;
                withdrawn.add(entry);
            }
        }
        return withdrawn;
    }

    private static void pause(OfferLedger ledger, long until, String reason) {
        if (ledger.pausedUntil == null || until > ledger.pausedUntil) {
            ledger.pausedUntil = until;
            ledger.pauseReason = reason;
        }
    }
}
