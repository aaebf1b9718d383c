package dev.upshift.common.mail;

import dev.upshift.common.config.AddOn;
import dev.upshift.common.config.Delivery;
import dev.upshift.common.config.Plan;
import dev.upshift.common.config.PlanCatalog;
import dev.upshift.common.logic.OfferCandidates;
import dev.upshift.common.model.Account;
import dev.upshift.common.model.OfferDecision;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything a draft of one offer may state, computed once: the quoted evidence, the names, and the prices after
 * the account's negotiated discount. Templates fill their placeholders from it; model drafts are checked against
 * it, so that a price or a discount it does not contain cannot reach a customer.
 */
public final class DraftFacts implements Serializable {
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}+");
    private final Map<String, String> placeholders = new LinkedHashMap<>();
    private final Set<BigDecimal> amounts = new LinkedHashSet<>();
    private final Set<String> percents = new LinkedHashSet<>();
    private final EvidenceQuote evidence;
    private final String signal;
    private final boolean priced;

    private DraftFacts(OfferDecision decision, EvidenceQuote evidence) {
        this.signal = decision.signal;
        this.evidence = evidence;
        this.priced = !OfferCandidates.EDUCATION.equals(decision.kind);
    }

    /**
     * @param account the opened account record (its contact and discount)
     * @param identity the owner's agent identity the mail leaves from
     */
    public static DraftFacts of(OfferDecision decision, Account account, Delivery.Identity identity, PlanCatalog catalog,
            Delivery delivery) {
        Locale locale = Locale.forLanguageTag(account.contact != null && account.contact.locale != null
                ? account.contact.locale : delivery.locale());
        EvidenceQuote quote = EvidenceQuote.of(decision.evidence, decision.decidedAt, delivery.metricNames(), locale);
        DraftFacts facts = new DraftFacts(decision, quote);
        Money money = new Money(delivery.currency(), locale);
        Plan current = catalog.plan(decision.currentPlan);
        facts.put("contactName", oneLine(account.contact != null && account.contact.name != null ? account.contact.name : "there"));
        facts.put("accountName", oneLine(account.name != null ? account.name : account.accountId));
        facts.put("ownerName", oneLine(identity.displayName()));
        facts.put("signature", identity.signature());
        facts.put("currentPlan", current.name());
        facts.put("evidence", quote.text());
        if (quote.figure().endsWith("%")) {
            facts.percents.add(quote.figure());
        }
        facts.addPrices(decision, account, catalog, current, money);
        return facts;
    }

    private void addPrices(OfferDecision decision, Account account, PlanCatalog catalog, Plan current, Money money) {
        double discount = account.discountPct == null ? 0 : account.discountPct;
        String withDiscount = discount > 0 ? " with your " + percent(discount) + " discount" : "";
        switch (decision.kind) {
            case OfferCandidates.UPSELL -> {
                Plan target = catalog.plan(decision.target);
                put("priceLine", target.name() + " is " + price(target.monthlyPrice(), discount, money) + " a month" + withDiscount + ".");
            }
            case OfferCandidates.SEAT_EXPANSION -> {
                int extra = decision.seats - (int) Math.round(decision.evidence.limit);
                put("priceLine", extra + " more seats on " + current.name() + " come to "
                        + price(extra * current.seatPrice(), discount, money) + " a month" + withDiscount + ".");
            }
            case OfferCandidates.ANNUAL_PLAN -> {
                double annualPct = catalog.annualDiscountPct();
                double yearly = 12 * current.monthlyPrice();
                put("priceLine", "Annual billing for " + current.name() + " is "
                        + price(yearly * (1 - annualPct / 100), discount, money) + " a year" + withDiscount + ", "
                        + percent(annualPct) + " less than paying monthly: you save "
                        + price(yearly * annualPct / 100, discount, money) + " a year.");
            }
            case OfferCandidates.CROSS_SELL -> {
                AddOn addOn = catalog.addOn(decision.addOn).orElseThrow();
                put("priceLine", addOn.name() + " is " + price(addOn.monthlyPrice(), discount, money) + " a month" + withDiscount + ".");
            }
            case OfferCandidates.EDUCATION -> {
                put("priceLine", "");
            }
            default -> throw new IllegalArgumentException("no pricing for offer kind " + decision.kind);
        }
    }

    /** The price after the discount, remembered (with the list price) as one a draft may quote. */
    private String price(double listPrice, double discountPct, Money money) {
        amounts.add(money.round(listPrice));
        double net = listPrice * (1 - discountPct / 100);
        amounts.add(money.round(net));
        return money.format(net);
    }

    private String percent(double pct) {
        String text = (pct == Math.rint(pct) ? String.valueOf((long) pct) : String.valueOf(pct)) + "%";
        percents.add(text);
        return text;
    }

    /**
     * A name as it may go into a subject or any header: control characters (CR and LF above all, which would start a
     * header of their own) become single spaces.
     */
    static String oneLine(String name) {
        return CONTROL.matcher(name).replaceAll(" ").strip();
    }

    private void put(String name, String value) {
        placeholders.put(name, value);
    }

    public Map<String, String> placeholders() {
        return placeholders;
    }

    public EvidenceQuote evidence() {
        return evidence;
    }

    public String signal() {
        return signal;
    }

    /** False for an education touch, which must not mention any price. */
    public boolean priced() {
        return priced;
    }

    /** Money amounts a draft may quote: list and discounted prices, in the currency's precision. */
    public Set<BigDecimal> amounts() {
        return amounts;
    }

    /** Percentages a draft may quote: the discounts and the evidence's own. */
    public Set<String> percents() {
        return percents;
    }
}
