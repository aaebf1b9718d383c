package dev.upshift.common.model;

import java.util.Set;

/**
 * What happened to an offer, from {@code upshift.feedback}: the reply reader, the billing system, or a person.
 * It drives the guardrails (pauses, opt-outs, withdrawing open offers) and teaches the ranking.
 */
public class Feedback {
    public static final String ACCEPTED = "accepted";
    public static final String DECLINED = "declined";
    public static final String NO_RESPONSE = "no_response";
    public static final String UNSUBSCRIBED = "unsubscribed";
    public static final String UPGRADED = "upgraded";
    public static final Set<String> OUTCOMES = Set.of(ACCEPTED, DECLINED, NO_RESPONSE, UNSUBSCRIBED, UPGRADED);

    public String feedbackId;
    public String accountId;
    /** The offer this is about; billing upgrades may come without one. */
    public String offerId;
    public String outcome;
    public long occurredAt;
    /** The offer's signal and segment, as written on it: outcomes with both teach the ranking. */
    public String signal;
    public String segment;

    public Feedback() {}

    /** Accepted or upgraded: the customer said yes. */
    public boolean isSuccess() {
        return ACCEPTED.equals(outcome) || UPGRADED.equals(outcome);
    }

    /** An outcome that closes an offer and so counts towards its signal's acceptance rate. */
    public boolean teaches() {
        return signal != null && segment != null && !UNSUBSCRIBED.equals(outcome);
    }
}
