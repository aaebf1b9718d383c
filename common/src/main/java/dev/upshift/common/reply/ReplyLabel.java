package dev.upshift.common.reply;

/** What a mail in an agent's inbox means for its offer. The wire names are the lower-case constant names. */
public enum ReplyLabel {
    INTERESTED,
    QUESTION,
    NOT_NOW,
    NOT_INTERESTED,
    UNSUBSCRIBE,
    WRONG_PERSON,
    AUTO_REPLY,
    HARD_BOUNCE,
    SOFT_BOUNCE,
    /** A spam complaint: an RFC 5965 feedback report or a provider's feedback loop. */
    COMPLAINED;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
