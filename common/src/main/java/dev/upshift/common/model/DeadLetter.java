package dev.upshift.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;

/**
 * A rejected input record: why, where it came from, and its original payload, cut to its first 64 KiB so that a
 * dead letter always fits in a Kafka record (a bigger one would fail the DLQ's sink and with it the job).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DeadLetter {
    /** The most payload characters a dead letter carries. */
    public static final int MAX_PAYLOAD_CHARS = 64 * 1024;

    public String reason;
    public String detail;
    public String accountId;
    public SourceRef source;
    public String payload;
    /** Set only when {@link #payload} was cut: the original payload's length in UTF-8 bytes. */
    public Integer payloadBytes;

    public DeadLetter() {}

    public static DeadLetter of(DeadLetterReason reason, String detail, String accountId, SourceRef source, String payload) {
        DeadLetter letter = new DeadLetter();
        letter.reason = reason.code();
        letter.detail = detail;
        letter.accountId = accountId;
        letter.source = source;
        if (payload != null && payload.length() > MAX_PAYLOAD_CHARS) {
            letter.payloadBytes = payload.getBytes(StandardCharsets.UTF_8).length;
            int end = Character.isHighSurrogate(payload.charAt(MAX_PAYLOAD_CHARS - 1)) ? MAX_PAYLOAD_CHARS - 1 : MAX_PAYLOAD_CHARS;
            letter.payload = payload.substring(0, end);
        } else {
            letter.payload = payload;
        }
        return letter;
    }

    /**
     * A dead letter for raw bytes that may be huge (an oversized record, a mail that is not MIME): only the first
     * {@link #MAX_PAYLOAD_CHARS} bytes are decoded, and {@link #payloadBytes} gives the full size when they were cut.
     */
    public static DeadLetter ofRaw(DeadLetterReason reason, String detail, String accountId, SourceRef source, byte[] payload) {
        int kept = Math.min(payload.length, MAX_PAYLOAD_CHARS);
        DeadLetter letter = of(reason, detail, accountId, source, new String(payload, 0, kept, StandardCharsets.UTF_8));
        if (kept < payload.length) {
            letter.payloadBytes = payload.length;
        }
        return letter;
    }

    public static DeadLetter of(DeadLetterReason reason, String detail, UsageEvent event) {
        return of(reason, detail, event.accountId, event.source, event.payloadText());
    }
}
