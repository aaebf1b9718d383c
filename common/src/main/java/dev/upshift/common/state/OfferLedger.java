package dev.upshift.common.state;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything the guardrails remember about one account's offers: the offers inside the cooldown window and
 * the pauses in force. Each pause is a time after which it no longer applies.
 */
public class OfferLedger {
    public List<LedgerEntry> recentOffers = new ArrayList<>();
    public Long pausedUntil;
    public String pauseReason;
    public Long quietUntil;
    public Long atRiskUntil;
    public boolean optedOut;
    /** The contact's address bounced for good; cleared when the account record names another contact. */
    public boolean contactBounced;

    public OfferLedger() {}

    /** An offer made (or withheld for the holdout) inside the cooldown window. */
    public static class LedgerEntry {
        public String offerId;
        public long decidedAt;
        public String signal;
        public String family;
        /** The plan or add-on offered. */
        public String target;
        public boolean resolved;

        public LedgerEntry() {}
    }

    /** The latest moment any remembered offer or pause still matters; null when nothing does. */
    public Long relevantUntil(long cooldownMillis) {
        Long until = null;
        for (LedgerEntry entry : recentOffers) {
            until = max(until, entry.decidedAt + cooldownMillis);
        }
        return max(max(until, pausedUntil), max(quietUntil, atRiskUntil));
    }

    /** Drops what no longer matters at {@code now}; true when nothing at all is left. */
    public boolean expire(long now, long cooldownMillis) {
        recentOffers.removeIf(entry -> entry.decidedAt + cooldownMillis <= now);
        if (pausedUntil != null && pausedUntil <= now) {
            pausedUntil = null;
            pauseReason = null;
        }
        if (quietUntil != null && quietUntil <= now) {
            quietUntil = null;
        }
        if (atRiskUntil != null && atRiskUntil <= now) {
            atRiskUntil = null;
        }
        return recentOffers.isEmpty() && pausedUntil == null && quietUntil == null && atRiskUntil == null && !optedOut && !contactBounced;
    }

    private static Long max(Long a, Long b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : Math.max(a, b);
    }
}
