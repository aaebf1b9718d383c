package dev.upshift.common.model;

/** Reason codes on {@code upshift.dlq}. Documented in docs/contracts.md. */
public enum DeadLetterReason {
    MALFORMED_JSON,
    MISSING_FIELD,
    INVALID_FIELD,
    INVALID_TIMESTAMP,
    NEGATIVE_QUANTITY,
    NEGATIVE_VALUE,
    USAGE_WITHOUT_AMOUNT,
    MISSING_PLAN,
    UNKNOWN_PLAN,
    LATE_EVENT,
    UNKNOWN_ACCOUNT;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
