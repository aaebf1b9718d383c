package dev.upshift.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A rejected input record: why, where it came from, and its original payload. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DeadLetter {
    public String reason;
    public String detail;
    public String accountId;
    public SourceRef source;
    public String payload;

    public DeadLetter() {}

    public static DeadLetter of(DeadLetterReason reason, String detail, String accountId, SourceRef source, String payload) {
        DeadLetter letter = new DeadLetter();
        letter.reason = reason.code();
        letter.detail = detail;
        letter.accountId = accountId;
        letter.source = source;
        letter.payload = payload;
        return letter;
    }

    public static DeadLetter of(DeadLetterReason reason, String detail, UsageEvent event) {
        return of(reason, detail, event.accountId, event.source, event.payloadText());
    }
}
