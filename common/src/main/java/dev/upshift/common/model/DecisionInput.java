package dev.upshift.common.model;

/**
 * What the offer decision operator hears about an account. Exactly one field is set: a signal to decide,
 * the latest account record, a deleted account, an outcome from the feedback topic, or the time of a problem
 * support ticket.
 */
public class DecisionInput {
    public Signal signal;
    public Account account;
    public String deletedAccountId;
    public Feedback feedback;
    public String ticketAccountId;
    public Long problemTicketAt;

    public DecisionInput() {}

    public static DecisionInput of(Signal signal) {
        DecisionInput input = new DecisionInput();
        input.signal = signal;
        return input;
    }

    public static DecisionInput of(InputRecord record) {
        DecisionInput input = new DecisionInput();
        input.account = record.account;
        input.deletedAccountId = record.deletedAccountId;
        input.feedback = record.feedback;
        return input;
    }

    public static DecisionInput problemTicket(String accountId, long at) {
        DecisionInput input = new DecisionInput();
        input.ticketAccountId = accountId;
        input.problemTicketAt = at;
        return input;
    }

    public String accountId() {
        if (signal != null) {
            return signal.accountId;
        }
        if (account != null) {
            return account.accountId;
        }
        if (feedback != null) {
            return feedback.accountId;
        }
        return deletedAccountId != null ? deletedAccountId : ticketAccountId;
    }
}
