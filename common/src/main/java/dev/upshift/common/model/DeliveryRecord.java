package dev.upshift.common.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.upshift.common.json.IsoInstantDeserializer;
import dev.upshift.common.json.IsoInstantSerializer;

/**
 * One line of {@code upshift.deliveries}, keyed by offerId: the latest state of an offer's mail. The topic is
 * compacted, so it keeps the last state of every offer: the ledger that stops a restarted, replayed or
 * re-submitted job from sending an offer twice.
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

    public String offerId;
    public String accountId;
    public String ownerId;
    public String status;
    public String messageId;
    /** The agent identity (From address). */
    public String identity;
    public String smtpReply;
    public Integer attempts;
    @JsonSerialize(using = IsoInstantSerializer.class)
    @JsonDeserialize(using = IsoInstantDeserializer.class)
    public long recordedAt;

    public DeliveryRecord() {}

    /** Whether the offer's mail is settled: it must not be sent (again). */
    @JsonIgnore
    public boolean isFinal() {
        return SENT.equals(status) || FAILED.equals(status) || UNCERTAIN.equals(status);
    }
}
