package dev.upshift.common.reply;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.upshift.common.json.IsoInstantSerializer;

/** What a mail in an agent's inbox was taken to mean, how sure the classifier is, and what it found in it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ReplyClassification {
    public String label;
    public double confidence;
    /** The rule or phrase that decided, so a person can see why. */
    public String reason;
    public String classifier;
    /** not_now: contact again from this day. */
    @JsonSerialize(using = IsoInstantSerializer.class)
    public Long notBefore;
    /** auto_reply: the person is back on this day. */
    @JsonSerialize(using = IsoInstantSerializer.class)
    public Long returnsAt;
    /** wrong_person: the address the reply names instead. */
    public String newContact;
    /** Bounces: the recipient and the DSN status, e.g. 5.1.1. */
    public String bouncedRecipient;
    public String bounceStatus;

    public ReplyClassification() {}

    /** A mail to the {@code List-Unsubscribe} mailto whose signed token checked out: certain, whatever its text says. */
    public static ReplyClassification unsubscribeByToken() {
        return of(ReplyLabel.UNSUBSCRIBE, 1.0, "List-Unsubscribe mailto with a valid token");
    }

    static ReplyClassification of(ReplyLabel label, double confidence, String reason) {
        ReplyClassification classification = new ReplyClassification();
        classification.label = label.id();
        classification.confidence = confidence;
        classification.reason = reason;
        classification.classifier = RuleClassifier.NAME;
        return classification;
    }
}
