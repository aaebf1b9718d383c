package dev.upshift.common.logic;

import dev.upshift.common.config.AddOn;
import dev.upshift.common.config.Plan;
import dev.upshift.common.config.PlanCatalog;
import dev.upshift.common.config.UpshiftConfig.OfferSettings;
import dev.upshift.common.model.Account;
import dev.upshift.common.model.Evidence;
import dev.upshift.common.model.RankedOffer;
import dev.upshift.common.model.Signal;
import dev.upshift.common.model.SignalType;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The offers a signal could lead to, each valued by expected value: P(accept | signal, segment) x the
 * incremental annual revenue after the account's negotiated discount.
 */
public final class OfferCandidates implements Serializable {
    public static final String UPSELL = "upsell";
    public static final String SEAT_EXPANSION = "seat_expansion";
    public static final String ANNUAL_PLAN = "annual_plan";
    public static final String CROSS_SELL = "cross_sell";
    public static final String EDUCATION = "education";

    public static final String NO_UPGRADE_PATH = "no_upgrade_path";
    public static final String ALREADY_ANNUAL = "already_annual";
    public static final String ADDON_OWNED = "addon_owned";
    public static final String ADDON_NOT_OFFERED = "addon_not_offered";

    /** The candidates, or why there are none. */
    public record Result(List<RankedOffer> candidates, String noneBecause) {}

    private final PlanCatalog catalog;
    private final OfferSettings settings;

    public OfferCandidates(PlanCatalog catalog, OfferSettings settings) {
        this.catalog = catalog;
        this.settings = settings;
    }

    public Result of(Signal signal, Account account, AcceptanceRates rates) {
        SignalType type = signal.type();
        List<RankedOffer> candidates = new ArrayList<>();
        String noneBecause = switch (type.intent()) {
            case UPSELL -> upsells(signal, account, candidates);
            case ANNUAL_PLAN -> annualPlan(account, candidates);
            case CROSS_SELL -> crossSell(signal.evidence.addOn, account, candidates);
            case EDUCATION -> throw new IllegalArgumentException(signal.signal + " is not a pitch");
        };
        double discount = account.discountPct == null ? 0 : account.discountPct / 100;
        AcceptanceRates.Observed observed = rates.observed(signal.signal, account.segment(), signal.firedAt);
        double pAccept = (observed.accepted() + settings.prior(signal.signal) * settings.priorWeight())
                / (observed.resolved() + settings.priorWeight());
        for (RankedOffer candidate : candidates) {
            candidate.signal = signal.signal;
            candidate.pAccept = Rounding.ratio(pAccept);
            candidate.observedOutcomes = (int) observed.resolved();
            candidate.annualRevenue = Rounding.round(candidate.annualListDelta * (1 - discount), 2);
            candidate.expectedValue = Rounding.round(pAccept * candidate.annualRevenue, 2);
        }
        return new Result(candidates, candidates.isEmpty() ? noneBecause : null);
    }

    private String upsells(Signal signal, Account account, List<RankedOffer> candidates) {
        Plan current = catalog.plan(account.planId);
        targetPlan(signal.evidence, account).ifPresent(target -> candidates.add(
                offer(UPSELL, target.id(), 12 * (target.monthlyPrice() - current.monthlyPrice()))));
        if (signal.type() == SignalType.SEAT_GROWTH) {
            seatExpansion(signal.evidence, current).ifPresent(candidates::add);
        }
        return NO_UPGRADE_PATH;
    }

    /**
     * The lowest plan above the current one that removes the need: its limit clears current usage with
     * headroom, or it includes the wanted feature; with neither known, simply the next plan up.
     */
    public Optional<Plan> targetPlan(Evidence evidence, Account account) {
        int current = catalog.tierOf(account.planId);
        String wanted = evidence.feature != null ? evidence.feature : evidence.capability;
        int lowest = wanted != null ? Math.max(current + 1, catalog.tierOfFeature(wanted)) : current + 1;
        for (int tier = lowest; tier < catalog.plans().size(); tier++) {
            Plan plan = catalog.plans().get(tier);
            if (clearsUsage(plan, evidence)) {
                return Optional.of(plan);
            }
        }
        return Optional.empty();
    }

    private boolean clearsUsage(Plan plan, Evidence evidence) {
        if (evidence.usage == null || evidence.metric == null) {
            return true;
        }
        Double limit = plan.limit(evidence.metric);
        return limit == null || limit >= evidence.usage * (1 + settings.headroom());
    }

    /** On per-seat pricing, enough extra seats on the same plan to clear the seats in use with headroom. */
    private Optional<RankedOffer> seatExpansion(Evidence evidence, Plan current) {
        if (!current.isPerSeat() || evidence.usage == null || evidence.limit == null) {
            return Optional.empty();
        }
        int seats = (int) Math.ceil(evidence.usage * (1 + settings.headroom()));
        if (seats <= evidence.limit) {
            return Optional.empty();
        }
        RankedOffer offer = offer(SEAT_EXPANSION, current.id(), 12 * (seats - evidence.limit) * current.seatPrice());
        offer.seats = seats;
        return Optional.of(offer);
    }

    /** Annual billing trades the standard discount for a year's commitment, so its revenue delta is negative. */
    private String annualPlan(Account account, List<RankedOffer> candidates) {
        if (!account.isMonthly()) {
            return ALREADY_ANNUAL;
        }
        Plan current = catalog.plan(account.planId);
        candidates.add(offer(ANNUAL_PLAN, current.id(), -12 * current.monthlyPrice() * catalog.annualDiscountPct() / 100));
        return null;
    }

    private String crossSell(String addOnId, Account account, List<RankedOffer> candidates) {
        Optional<AddOn> addOn = catalog.addOn(addOnId);
        if (addOn.isEmpty() || !addOn.get().plans().contains(account.planId)) {
            return ADDON_NOT_OFFERED;
        }
        if (account.hasAddOn(addOnId)) {
            return ADDON_OWNED;
        }
        RankedOffer offer = offer(CROSS_SELL, null, 12 * addOn.get().monthlyPrice());
        offer.addOn = addOnId;
        candidates.add(offer);
        return null;
    }

    private static RankedOffer offer(String kind, String target, double annualListDelta) {
        RankedOffer offer = new RankedOffer();
        offer.kind = kind;
        offer.target = target;
        offer.annualListDelta = Rounding.round(annualListDelta, 2);
        return offer;
    }
}
