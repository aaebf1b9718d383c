package dev.upshift.common.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.upshift.common.json.IsoInstantDeserializer;
import dev.upshift.common.json.IsoInstantSerializer;

/**
 * One line of {@code upshift.deliveries}, keyed by mailId: the latest state of one mail, an offer's or one the
 * agent sent later in its thread. The topic is compacted, so it keeps the last state of every mail: the ledger
 * that stops a restarted, replayed or re-submitted job from sending a mail twice. A sent mail's record also
 * carries what the reply reader needs to follow its thread: the content, the decision and the contact's key.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DeliveryRecord {
    /** A send has begun; with no later state, its outcome is unknown and it is never repeated. */
    public static final String SENDING = "sending";
    public static final String SENT = "sent";
    /** Refused for good, or undeliverable. */
    public static final String FAILED = "failed";
    /** Transient failures used up this try; the send is tried again. */
    public static final String DEFERRED = "deferred";
    /** Found in {@code sending} after a failure: a person must check whether it went out. */
    public static final String UNCERTAIN = "uncertain";
    /** Not sent: its recipient went on the suppression list (unsubscribed, complained) while it waited. */
    public static final String CANCELLED = "cancelled";

    public static final String OFFER = "offer";

    /** The offer's id for the offer mail; {@code offerId.purpose-key} for later mails in its thread. */
    public String mailId;
    /** {@code offer}, {@code reply} (to the customer, in the thread) or {@code notice} (to the owner). */
    public String kind;
    public String offerId;
    public String accountId;
    public String ownerId;
    public String status;
    public String messageId;
    /** The agent identity (From address). */
    public String identity;
    public String smtpReply;
    public Integer attempts;
    /** Sent mail only: what the thread holds so far, for hand-offs and replies. */
    public String subject;
    public String body;
    /** Sent offer mail only: the HMAC key of the contact's address, to recognise the contact's replies. */
    public String contactKey;
    public OfferDecision decision;
    @JsonSerialize(using = IsoInstantSerializer.class)
    @JsonDeserialize(using = IsoInstantDeserializer.class)
    public long recordedAt;

    public DeliveryRecord() {}

    /** The ledger key: records written before mail ids existed name only their offer. */
    @JsonIgnore
    public String ledgerKey() {
        return mailId != null ? mailId : offerId;
    }

    /** Whether the offer's mail is settled: it must not be sent (again). */
    @JsonIgnore
    public boolean isFinal() {
        return SENT.equals(status) || FAILED.equals(status) || UNCERTAIN.equals(status) || CANCELLED.equals(status);
    }
}
