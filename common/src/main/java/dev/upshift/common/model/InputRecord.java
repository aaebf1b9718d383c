package dev.upshift.common.model;

/**
 * One record from an input topic after parsing. Exactly one of the fields is set: a usage event, an account
 * record, the id of an account whose record was deleted (a tombstone), an offer outcome, a reviewer's decision,
 * an entry of the suppression list, or a dead letter.
 */
public class InputRecord {
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
        record.event = event;
        return record;
    }

    public static InputRecord of(Account account) {
        InputRecord record = new InputRecord();
        record.account = account;
        return record;
    }

    public static InputRecord deletion(String accountId) {
        InputRecord record = new InputRecord();
        record.deletedAccountId = accountId;
        return record;
    }

    public static InputRecord of(Feedback feedback) {
        InputRecord record = new InputRecord();
        record.feedback = feedback;
        return record;
    }

    public static InputRecord of(Approval approval) {
        InputRecord record = new InputRecord();
        record.approval = approval;
        return record;
    }

    public static InputRecord of(Suppression suppression) {
        InputRecord record = new InputRecord();
        record.suppression = suppression;
        return record;
    }

    public static InputRecord of(DeadLetter deadLetter) {
        InputRecord record = new InputRecord();
        record.deadLetter = deadLetter;
        return record;
    }

    public String accountId() {
        if (event != null) {
            return event.accountId;
        }
        if (account != null) {
            return account.accountId;
        }
        if (feedback != null) {
            return feedback.accountId;
        }
        if (approval != null) {
            return approval.accountId;
        }
        return deletedAccountId;
    }

    /** Account records and tombstones: both operators that keep accounts need them. */
    public boolean isAccountChange() {
        return account != null || deletedAccountId != null;
    }

    /** Event time of the record, or Long.MIN_VALUE for records that carry none (accounts, suppressions, dead letters). */
    public long eventTime() {
        if (event != null) {
            return event.occurredAt;
        }
        if (approval != null) {
            return approval.decidedAt;
        }
        return feedback != null ? feedback.occurredAt : Long.MIN_VALUE;
    }
}
