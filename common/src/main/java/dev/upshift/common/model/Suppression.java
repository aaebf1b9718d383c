package dev.upshift.common.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.upshift.common.json.IsoInstantSerializer;

/**
 * One entry of the suppression list on the compacted topic {@code upshift.suppressions}, keyed by the contact's
 * address key (an HMAC of the address, never the address): a contact who unsubscribed, or whose account opted
 * out, is never mailed again, through churn, deletion, state TTLs and a start without state. Only an explicit
 * {@link #LIFTED} record, naming who lifted it and why, takes a contact off the list.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Suppression {
    public static final String SUPPRESSED = "suppressed";
    public static final String LIFTED = "lifted";
    /** Reasons of a suppression the job records itself. */
    public static final String UNSUBSCRIBED = Feedback.UNSUBSCRIBED;
    public static final String COMPLAINED = Feedback.COMPLAINED;
    public static final String ACCOUNT_OPTED_OUT = "account_opted_out";

    public String addressKey;
    /** {@link #SUPPRESSED} or {@link #LIFTED}. */
    public String status;
    /** Why: unsubscribed, complained or account_opted_out for a suppression; the lifter's own words for a lift. */
    public String reason;
    /** The account whose contact it was, when known. */
    public String accountId;
    /** The offer whose mail the contact unsubscribed from, when known. */
    public String offerId;
    /** When it happened; an account record's opt-out carries no time. Required for a lift. */
    @JsonSerialize(using = IsoInstantSerializer.class)
    public Long at;
    /** Who lifted it: required for a lift. */
    public String by;
    /** Where the job read it; null for one it recorded itself, which it mirrors to the topic. */
    @JsonIgnore
    public SourceRef source;

    public Suppression() {}

    public static Suppression of(String addressKey, String reason, String accountId, String offerId, Long at) {
        Suppression suppression = new Suppression();
        suppression.addressKey = addressKey;
        suppression.status = SUPPRESSED;
        suppression.reason = reason;
        suppression.accountId = accountId;
        suppression.offerId = offerId;
        suppression.at = at;
        return suppression;
    }

    /** The record that takes a contact off the list, naming who lifted it and why. */
    public static Suppression lift(String addressKey, String reason, String by, String accountId, long at) {
        Suppression lift = new Suppression();
        lift.addressKey = addressKey;
        lift.status = LIFTED;
        lift.reason = reason;
        lift.by = by;
        lift.accountId = accountId;
        lift.at = at;
        return lift;
    }

    @JsonIgnore
    public boolean isLift() {
        return LIFTED.equals(status);
    }

    /** Event time: a lift or an outcome's unsubscribe at its moment; an entry without a time applies at once. */
    @JsonIgnore
    public long eventTime() {
        return at == null || source != null ? Long.MIN_VALUE : at;
    }
}
