package dev.upshift.common.model;

/**
 * One record from an input topic after parsing: a tagged union. {@link #kind} says which one field is set; the
 * factories are the only way to make one, so the two always agree. Code dispatches with a switch on the kind.
 */
public class InputRecord {
    /** What the record is, and so which field holds it. */
    public enum Kind {
        /** {@link #event}: a usage event. */
        EVENT,
        /** {@link #account}: an account record. */
        ACCOUNT,
        /** {@link #deletedAccountId}: the id of an account whose record was deleted (a tombstone). */
        DELETION,
        /** {@link #feedback}: an offer outcome. */
        FEEDBACK,
        /** {@link #approval}: a reviewer's decision on a draft. */
        APPROVAL,
        /** {@link #suppression}: an entry of the suppression list. */
        SUPPRESSION,
        /** {@link #deadLetter}: input that could not be parsed. */
        DEAD_LETTER
    }

    /** Null only in a blank instance a serializer makes before reading into it. */
    public Kind kind;
    public UsageEvent event;
    public Account account;
    public String deletedAccountId;
    public Feedback feedback;
    public Approval approval;
    public Suppression suppression;
    public DeadLetter deadLetter;

    public InputRecord() {}

    public static InputRecord of(UsageEvent event) {
        InputRecord record = new InputRecord();
        record.kind = Kind.EVENT;
        record.event = event;
        return record;
    }

    public static InputRecord of(Account account) {
        InputRecord record = new InputRecord();
        record.kind = Kind.ACCOUNT;
        record.account = account;
        return record;
    }

    public static InputRecord deletion(String accountId) {
        InputRecord record = new InputRecord();
        record.kind = Kind.DELETION;
        record.deletedAccountId = accountId;
        return record;
    }

    public static InputRecord of(Feedback feedback) {
        InputRecord record = new InputRecord();
        record.kind = Kind.FEEDBACK;
        record.feedback = feedback;
        return record;
    }

    public static InputRecord of(Approval approval) {
        InputRecord record = new InputRecord();
        record.kind = Kind.APPROVAL;
        record.approval = approval;
        return record;
    }

    public static InputRecord of(Suppression suppression) {
        InputRecord record = new InputRecord();
        record.kind = Kind.SUPPRESSION;
        record.suppression = suppression;
        return record;
    }

    public static InputRecord of(DeadLetter deadLetter) {
        InputRecord record = new InputRecord();
        record.kind = Kind.DEAD_LETTER;
        record.deadLetter = deadLetter;
        return record;
    }

    /** The account it is about; null for suppression-list entries and for dead letters that name none. */
    public String accountId() {
        return switch (kind) {
            case EVENT -> event.accountId;
            case ACCOUNT -> account.accountId;
            case DELETION -> deletedAccountId;
            case FEEDBACK -> feedback.accountId;
            case APPROVAL -> approval.accountId;
            case SUPPRESSION, DEAD_LETTER -> null;
        };
    }

    /** Account records and tombstones: both operators that keep accounts need them. */
    public boolean isAccountChange() {
        return kind == Kind.ACCOUNT || kind == Kind.DELETION;
    }

    /** Event time of the record, or Long.MIN_VALUE for records that carry none (accounts, suppressions, dead letters). */
    public long eventTime() {
        return switch (kind) {
            case EVENT -> event.occurredAt;
            case APPROVAL -> approval.decidedAt;
            case FEEDBACK -> feedback.occurredAt;
            case ACCOUNT, DELETION, SUPPRESSION, DEAD_LETTER -> Long.MIN_VALUE;
        };
    }
}
