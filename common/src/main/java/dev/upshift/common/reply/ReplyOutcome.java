package dev.upshift.common.reply;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.upshift.common.json.IsoInstantSerializer;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of {@code upshift.outcomes}: a mail found in an agent's mailbox (or an offer's silence), the offer it
 * belongs to, what it was taken to mean, and what the agent did about it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ReplyOutcome {
    public static final String NO_RESPONSE = "no_response";

    public static final String BY_IN_REPLY_TO = "in_reply_to";
    public static final String BY_REFERENCES = "references";
    public static final String BY_SENDER = "sender";
    /** A bounce, by the headers of our mail that it returns. */
    public static final String BY_RETURNED_HEADERS = "returned_headers";
    /** A mail to the {@code List-Unsubscribe} mailto, by the signed token in its subject. */
    public static final String BY_UNSUBSCRIBE_TOKEN = "unsubscribe_token";
    public static final String UNMATCHED = "unmatched";

    /** The reply's Message-ID, or {@code no_response:<offerId>}: the same reply always gets the same id. */
    public String outcomeId;
    public String offerId;
    public String accountId;
    public String ownerId;
    public String signal;
    /** A {@link ReplyLabel} id, or {@code no_response}. */
    public String label;
    public Double confidence;
    public String classifier;
    public String reason;
    @JsonSerialize(using = IsoInstantSerializer.class)
    public Long notBefore;
    @JsonSerialize(using = IsoInstantSerializer.class)
    public Long returnsAt;
    public String newContact;
    public String bounceStatus;
    /** How the reply was tied to its offer: {@code in_reply_to}, {@code references}, {@code returned_headers}, {@code unsubscribe_token}, {@code sender}, or {@code unmatched}. */
    public String matchedBy;
    /** Whether the sender is the contact the offer was mailed to. */
    public Boolean fromContact;
    /** The agent mailbox it arrived in. */
    public String mailbox;
    /** The outcome fed back to {@code upshift.feedback}, if any, and the pause it sets. */
    public String feedback;
    @JsonSerialize(using = IsoInstantSerializer.class)
    public Long pausedUntil;
    /** When silence will count as no_response now, for an offer still waiting for a human reply. */
    @JsonSerialize(using = IsoInstantSerializer.class)
    public Long noResponseAt;
    /** What the agent did: see {@link ReplyPlaybook.Act}. */
    public List<String> actions = new ArrayList<>();
    @JsonSerialize(using = IsoInstantSerializer.class)
    public long receivedAt;

    public ReplyOutcome() {}
}
