package dev.upshift.common.logic;

import dev.upshift.common.config.Plan;
import dev.upshift.common.config.PlanCatalog;
import dev.upshift.common.config.UpshiftConfig.OfferSettings;
import dev.upshift.common.model.Evidence;
import dev.upshift.common.model.OfferDecision;
import dev.upshift.common.model.Signal;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/** Turns a signal into an offer request or a suppression with its reason. Pure: the caller owns the state. */
public final class OfferPolicy implements Serializable {
    public static final String KIND_UPSELL = "upsell";
    public static final String GROUP_TREATMENT = "treatment";
    public static final String REASON_COOLDOWN = "cooldown";
    public static final String REASON_NO_UPGRADE_PATH = "no_upgrade_path";
    public static final String REASON_UNKNOWN_PLAN = "unknown_plan";

    private final PlanCatalog catalog;
    private final OfferSettings settings;

    public OfferPolicy(PlanCatalog catalog, OfferSettings settings) {
        this.catalog = catalog;
        this.settings = settings;
    }

    /**
     * @param lastRequestedAt when the account's last offer was requested, or null
     */
    public OfferDecision decide(Signal signal, Long lastRequestedAt) {
        OfferDecision decision = new OfferDecision();
        decision.offerId = offerId(signal);
        decision.accountId = signal.accountId;
        decision.signal = signal.signal;
        decision.kind = KIND_UPSELL;
        decision.currentPlan = signal.evidence.planId;
        decision.group = GROUP_TREATMENT;
        decision.decidedAt = signal.firedAt;
        decision.evidence = signal.evidence;

        if (lastRequestedAt != null && signal.firedAt < cooldownEnd(lastRequestedAt)) {
            return suppress(decision, REASON_COOLDOWN, cooldownEnd(lastRequestedAt));
        }
        if (!catalog.hasPlan(signal.evidence.planId)) {
            return suppress(decision, REASON_UNKNOWN_PLAN, null); // the catalog changed under a stored account
        }
        Optional<Plan> target = targetPlan(signal.evidence);
        if (target.isEmpty()) {
            return suppress(decision, REASON_NO_UPGRADE_PATH, null);
        }
        decision.target = target.get().id();
        decision.status = OfferDecision.REQUESTED;
        return decision;
    }

    public long cooldownEnd(long requestedAt) {
        return requestedAt + settings.cooldown().toMillis();
    }

    /**
     * The lowest plan above the current one whose limit clears current usage with headroom; with no usage
     * known, simply the next plan up. Empty on the top plan or when no plan clears the usage.
     */
    public Optional<Plan> targetPlan(Evidence evidence) {
        int current = catalog.tierOf(evidence.planId);
        for (int tier = current + 1; tier < catalog.plans().size(); tier++) {
            Plan plan = catalog.plans().get(tier);
            if (evidence.usage == null || evidence.metric == null) {
                return Optional.of(plan);
            }
            Double limit = plan.limit(evidence.metric);
            if (limit == null || limit >= evidence.usage * (1 + settings.headroom())) {
                return Optional.of(plan);
            }
        }
        return Optional.empty();
    }

    /** Deterministic: the same signal always yields the same id, so replays and restarts agree. */
    public static String offerId(Signal signal) {
        String name = signal.accountId + '|' + signal.signal + '|' + signal.firedAt;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static OfferDecision suppress(OfferDecision decision, String reason, Long until) {
        decision.status = OfferDecision.SUPPRESSED;
        decision.reason = reason;
        decision.suppressedUntil = until;
        return decision;
    }
}
