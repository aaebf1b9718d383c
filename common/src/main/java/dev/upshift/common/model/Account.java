package dev.upshift.common.model;

import java.util.List;
import java.util.Map;

/**
 * The latest record of an account, from the compacted accounts topic. The negotiated terms (contact,
 * discount, billing terms) are sensitive: in state they live only inside {@link #sealed}, encrypted.
 */
public class Account {
    public String accountId;
    public String name;
    public String planId;
    public String billingCycle;
    /** Epoch milliseconds, or null when not given. */
    public Long startedAt;
    public Long renewalAt;
    public String ownerId;
    /** Who the account is compared with when learning acceptance rates; its plan when not given. */
    public String segment;
    public String status;
    /** Per-account limit overrides by metric; they win over the plan's defaults. */
    public Map<String, Double> limits;
    public List<String> addOns;
    /** False for a locked contract: signals are handed to the owner instead of becoming offers. */
    public Boolean upgradeEligible;
    public Boolean optedOut;

    /** Sensitive: plaintext only in flight, never in state or logs. */
    public Contact contact;
    public Double discountPct;
    public Map<String, String> terms;
    /** The sensitive fields above, encrypted (AES-GCM, with the key id); set only while they are cleared. */
    public String sealed;

    public Account() {}

    public boolean isChurned() {
        return "churned".equals(status);
    }

    public boolean isTrial() {
        return "trial".equals(status);
    }

    public boolean isMonthly() {
        return "monthly".equals(billingCycle);
    }

    public String segment() {
        return segment != null ? segment : planId;
    }

    public boolean hasAddOn(String addOnId) {
        return addOns != null && addOns.contains(addOnId);
    }

    public boolean isEligibleForUpgrade() {
        return !Boolean.FALSE.equals(upgradeEligible);
    }

    public boolean hasOptedOut() {
        return Boolean.TRUE.equals(optedOut);
    }

    public Account copy() {
        Account copy = new Account();
        copy.accountId = accountId;
        copy.name = name;
        copy.planId = planId;
        copy.billingCycle = billingCycle;
        copy.startedAt = startedAt;
        copy.renewalAt = renewalAt;
        copy.ownerId = ownerId;
        copy.segment = segment;
        copy.status = status;
        copy.limits = limits;
        copy.addOns = addOns;
        copy.upgradeEligible = upgradeEligible;
        copy.optedOut = optedOut;
        copy.contact = contact;
        copy.discountPct = discountPct;
        copy.terms = terms;
        copy.sealed = sealed;
        return copy;
    }

    /** A copy without any sensitive field, sealed or not, for operators that have no use for them. */
    public Account withoutTerms() {
        Account copy = copy();
        copy.contact = null;
        copy.discountPct = null;
        copy.terms = null;
        copy.sealed = null;
        return copy;
    }

    /** Never prints the sensitive fields. */
    @Override
    public String toString() {
        return "Account{" + accountId + ", plan=" + planId + ", owner=" + ownerId + (sealed != null ? ", sealed" : "") + "}";
    }
}
