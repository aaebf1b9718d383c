package dev.upshift.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One candidate offer and the inputs of its expected value: P(accept) x incremental annual revenue. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RankedOffer {
    public String signal;
    public String kind;
    public String target;
    public String addOn;
    /** For a seat expansion: the seat count offered. */
    public Integer seats;
    public double pAccept;
    /** Outcomes behind pAccept beyond the prior. */
    public int observedOutcomes;
    /** Extra revenue over a year at list price, before the account's discount. */
    public double annualListDelta;
    /** After the account's negotiated discount: the revenue the offer is worth. */
    public double annualRevenue;
    public double expectedValue;
    /** Why a candidate could not be chosen, when it could not. */
    public String blockedBy;

    public RankedOffer() {}
}
