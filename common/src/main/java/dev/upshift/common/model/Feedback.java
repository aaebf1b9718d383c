package dev.upshift.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.upshift.common.json.IsoInstantSerializer;
import java.util.Set;

/**
 * What happened to an offer, from {@code upshift.feedback}: the reply reader, the billing system, or a person.
 * It drives the guardrails (pauses, opt-outs, withdrawing open offers) and teaches the ranking.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Feedback {
    public static final String ACCEPTED = "accepted";
    public static final String DECLINED = "declined";
    public static final String NO_RESPONSE = "no_response";
    public static final String UNSUBSCRIBED = "unsubscribed";
    public static final String UPGRADED = "upgraded";
    /** A person replied with a question or pointed elsewhere; the owner has the conversation now. */
    public static final String REPLIED = "replied";
    /** The contact's address bounced for good: no more mail until the account names another contact. */
    public static final String BOUNCED = "bounced";
    /** The contact reported the offer mail as spam: opted out as for unsubscribed, and counted apart. */
    public static final String COMPLAINED = "complained";
    public static final Set<String> OUTCOMES = Set.of(ACCEPTED, DECLINED, NO_RESPONSE, UNSUBSCRIBED, UPGRADED, REPLIED, BOUNCED, COMPLAINED);

    public String feedbackId;
    public String accountId;
    /** The offer this is about; billing upgrades may come without one. */
    public String offerId;
    public String outcome;
    @JsonSerialize(using = IsoInstantSerializer.class)
    public long occurredAt;
    /** declined: pause pitches until this moment instead of for the configured pause ("ask me in Q3"). */
    @JsonSerialize(using = IsoInstantSerializer.class)
    public Long pausedUntil;

    /** The offer's signal and segment, as written on it: outcomes with both teach the ranking. */
    public String signal;
    public String segment;

    public Feedback() {}

    /** Unsubscribed or complained: the contact goes on the suppression list for good. */
    public boolean optsOut() {
        return UNSUBSCRIBED.equals(outcome) || COMPLAINED.equals(outcome);
    }

    /** Accepted or upgraded: the customer said yes. */
    public boolean isSuccess() {
        return ACCEPTED.equals(outcome) || UPGRADED.equals(outcome);
    }

    /** An outcome that closes an offer and so counts towards its signal's acceptance rate. */
    public boolean teaches() {
        return signal != null && segment != null && (isSuccess() || DECLINED.equals(outcome) || NO_RESPONSE.equals(outcome));
    }
}
