package dev.upshift.common.model;

/**
 * What the offer decision operator hears about an account: a tagged union. {@link #kind} says which field is set;
 * the factories are the only way to make one, so the two always agree. Code dispatches with a switch on
 * {@link #kind()}.
 */
public class DecisionInput {
    /** What the input is, and so which field holds it. */
    public enum Kind {
        /** {@link #signal}: a signal to decide. */
        SIGNAL,
        /** {@link #account}: the latest account record. */
        ACCOUNT,
        /** {@link #deletedAccountId}: a deleted account. */
        DELETION,
        /** {@link #feedback}: an outcome from the feedback topic. */
        OUTCOME,
        /** {@link #ticketAccountId} and {@link #problemTicketAt}: the time of a problem support ticket. */
        PROBLEM_TICKET
    }

    /** Null only in inputs held in state by a build before the kind existed: see {@link #kind()}. */
    public Kind kind;
    public Signal signal;
    public Account account;
    public String deletedAccountId;
    public Feedback feedback;
    public String ticketAccountId;
    public Long problemTicketAt;

    public DecisionInput() {}

    public static DecisionInput of(Signal signal) {
        DecisionInput input = new DecisionInput();
        input.kind = Kind.SIGNAL;
        input.signal = signal;
        return input;
    }

    /** An account record, a tombstone or an outcome, as read from its input topic. */
    public static DecisionInput of(InputRecord record) {
        DecisionInput input = new DecisionInput();
        switch (record.kind) {
            case ACCOUNT -> {
                input.kind = Kind.ACCOUNT;
                input.account = record.account;
            }
            case DELETION -> {
                input.kind = Kind.DELETION;
                input.deletedAccountId = record.deletedAccountId;
            }
            case FEEDBACK -> {
                input.kind = Kind.OUTCOME;
                input.feedback = record.feedback;
            }
            case EVENT, APPROVAL, SUPPRESSION, DEAD_LETTER -> throw new IllegalArgumentException(
                    "a " + record.kind + " input record is not an input to the offer decisions");
        }
        return input;
    }

    public static DecisionInput problemTicket(String accountId, long at) {
        DecisionInput input = new DecisionInput();
        input.kind = Kind.PROBLEM_TICKET;
        input.ticketAccountId = accountId;
        input.problemTicketAt = at;
        return input;
    }

    /**
     * The kind; for an input a savepoint from before the kind existed holds (it has none), the kind its one set
     * field implies. That migration can go once no such savepoint is restored: see docs/operations.md.
     */
    public Kind kind() {
        if (kind != null) {
            return kind;
        }
        if (signal != null) {
            return Kind.SIGNAL;
        }
        if (account != null) {
            return Kind.ACCOUNT;
        }
        if (deletedAccountId != null) {
            return Kind.DELETION;
        }
        return feedback != null ? Kind.OUTCOME : Kind.PROBLEM_TICKET;
    }

    public String accountId() {
        return switch (kind()) {
            case SIGNAL -> signal.accountId;
            case ACCOUNT -> account.accountId;
            case DELETION -> deletedAccountId;
            case OUTCOME -> feedback.accountId;
            case PROBLEM_TICKET -> ticketAccountId;
        };
    }
}
