package dev.upshift.common.model;

import java.util.Map;

/** The latest record of an account, from the compacted accounts topic. */
public class Account {
    public String accountId;
    public String name;
    public String planId;
    public String billingCycle;
    /** Epoch milliseconds, or null when not given. */
    public Long startedAt;
    public Long renewalAt;
    public String ownerId;
    public Contact contact;
    public Double discountPct;
    public String status;
    /** Per-account limit overrides by metric; they win over the plan's defaults. */
    public Map<String, Double> limits;

    public Account() {}

    public boolean isChurned() {
        return "churned".equals(status);
    }
}
