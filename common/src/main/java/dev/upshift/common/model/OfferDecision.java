package dev.upshift.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.upshift.common.json.IsoInstantDeserializer;
import dev.upshift.common.json.IsoInstantSerializer;
import java.util.List;

/**
 * A decision on {@code upshift.offers}, one per signal: an offer to send ({@code requested}), one decided
 * but withheld for the holdout group ({@code withheld}), a signal handed to the account owner
 * ({@code handed_off}), a signal deliberately not acted on ({@code suppressed}), or an open offer called off
 * ({@code withdrawn}). Every status but {@code requested} carries a {@code reason}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OfferDecision {
    public static final String REQUESTED = "requested";
    public static final String WITHHELD = "withheld";
    public static final String HANDED_OFF = "handed_off";
    public static final String SUPPRESSED = "suppressed";
    public static final String WITHDRAWN = "withdrawn";

    public static final String TREATMENT = "treatment";
    public static final String HOLDOUT = "holdout";

    public String offerId;
    public String accountId;
    public String signal;
    public String family;
    /** upsell, seat_expansion, annual_plan, cross_sell, education. */
    public String kind;
    public String currentPlan;
    public String target;
    public String addOn;
    public Integer seats;
    public String segment;
    public String ownerId;
    public String group;

    @JsonSerialize(using = IsoInstantSerializer.class)
    @JsonDeserialize(using = IsoInstantDeserializer.class)
    public long decidedAt;

    public String status;
    public String reason;

    @JsonSerialize(using = IsoInstantSerializer.class)
    @JsonDeserialize(using = IsoInstantDeserializer.class)
    public Long suppressedUntil;

    /** The chosen candidate's numbers, and every candidate considered, best first. */
    public Double pAccept;
    public Double annualRevenue;
    public Double expectedValue;
    public List<RankedOffer> ranking;
    /** The offer that won when this signal's lost the ranking. */
    public String outrankedBy;

    public Evidence evidence;

    public OfferDecision() {}
}
