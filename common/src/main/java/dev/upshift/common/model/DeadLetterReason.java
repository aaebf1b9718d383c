package dev.upshift.common.model;

/** Reason codes on {@code upshift.dlq}. Documented in docs/contracts.md. */
public enum DeadLetterReason {
    MALFORMED_JSON,
    /** An input record over {@code InputParser.MAX_RECORD_BYTES}: not parsed at all. */
    RECORD_TOO_LARGE,
    MISSING_FIELD,
    INVALID_FIELD,
    /** A timestamp that is not an ISO-8601 instant between the years 0000 and 9999. */
    INVALID_TIMESTAMP,
    /** A number that is not finite or beyond 2^53 in magnitude, such as {@code 1e400}. */
    INVALID_NUMBER,
    /** A record stamped more than {@code time.maxFutureSkew} ahead of the wall clock: it would move event time there. */
    FUTURE_EVENT,
    NEGATIVE_QUANTITY,
    NEGATIVE_VALUE,
    USAGE_WITHOUT_AMOUNT,
    MISSING_PLAN,
    UNKNOWN_PLAN,
    LATE_EVENT,
    UNKNOWN_ACCOUNT,
    /** Review: a decision on an offer that has no draft in review. */
    UNKNOWN_OFFER,
    /** Delivery: the owner has no agent identity, or the contact no address. */
    UNDELIVERABLE,
    /** Delivery: the SMTP server refused the mail for good (5xx). */
    SMTP_REJECTED,
    /** Delivery: a send began but its outcome was never recorded; it is not repeated, so a person must check. */
    DELIVERY_UNCERTAIN,
    /** Replies: a mail in an agent's mailbox whose processing failed {@code delivery.replies.maxAttempts} times; it is skipped. */
    QUARANTINED_MAIL;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
