package dev.upshift.common.reply;

/**
 * A mail read from an agent's mailbox, classified, on its way to the offer it answers. The sender's address is
 * kept only to answer the contact in the thread; records and state match on {@link #senderKey}.
 */
public class ReceivedReply {
    /** The mail's own Message-ID, or {@code mailbox/uidValidity/uid} when it has none. */
    public String messageId;
    /** The agent mailbox (the identity's replyTo) it arrived in, and that identity's owner (none for the unsubscribe mailbox). */
    public String mailbox;
    public String ownerId;
    public long uidValidity;
    public long uid;
    public String senderAddress;
    public String senderKey;
    /** The new text of the reply: quotes and signature stripped. Untrusted. */
    public String text;
    /** The mail id our signed Message-ID in In-Reply-To or References names; null when neither holds one. */
    public String threadMailId;
    /** How it was tied to its offer, once it was: see {@link ReplyOutcome}. */
    public String matchedBy;
    public ReplyClassification classification;
    public long receivedAt;
    /** The receiving server vouched for the sender: an aligned DKIM or DMARC pass (see {@link SenderAuthentication}). */
    public boolean senderAuthenticated;
    /** A mail to the {@code List-Unsubscribe} mailto: the account its signed token names (the offer is {@link #threadMailId}). */
    public String unsubscribeAccountId;

    public ReceivedReply() {}

    /**
     * Tied to its offer only by the sender's address, which anyone can write, and not vouched for by the receiving
     * server: it must not steer guardrails.
     */
    public boolean isUnverifiedSender() {
        return ReplyOutcome.BY_SENDER.equals(matchedBy) && !senderAuthenticated;
    }

    /** Where it was read from, for the audit trail and dead letters. */
    public String location() {
        return mailbox + "/" + uidValidity + "/" + uid;
    }
}
