package dev.upshift.common.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.upshift.common.json.IsoInstantSerializer;

/**
 * A decision on {@code upshift.offers}: either an offer request ({@code status=requested}) or a signal that
 * was deliberately not acted on ({@code status=suppressed}, with a {@code reason}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OfferDecision {
    public static final String REQUESTED = "requested";
    public static final String SUPPRESSED = "suppressed";

    public String offerId;
    public String accountId;
    public String signal;
    public String kind;
    public String currentPlan;
    public String target;
    public String group;

    @JsonSerialize(using = IsoInstantSerializer.class)
    public long decidedAt;

    public String status;
    public String reason;

    @JsonSerialize(using = IsoInstantSerializer.class)
    public Long suppressedUntil;

    public Evidence evidence;

    public OfferDecision() {}

    @JsonIgnore
    public boolean isRequested() {
        return REQUESTED.equals(status);
    }
}
