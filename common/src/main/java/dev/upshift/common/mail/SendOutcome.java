package dev.upshift.common.mail;

import java.util.regex.Pattern;

/**
 * How the send of one mail ended.
 *
 * @param reply the server's last reply, its addresses taken out: it is journaled, audited and logged
 */
public record SendOutcome(Status status, String reply, int attempts) {
    /**
     * Sent, refused for good by the server (5xx), impossible (the message itself is wrong: an invalid address, a
     * header value with CR or LF, no identity to send it as), or still failing transiently after every attempt.
     */
    public enum Status { SENT, PERMANENT, UNSENDABLE, TRANSIENT }

    private static final Pattern LEFTOVER_ADDRESS = Pattern.compile("[^\\s<>\"',;:()\\[\\]]*@[^\\s<>\"',;()\\[\\]]*");

    public SendOutcome {
        // An invalid address is echoed in whatever shape it has: anything with an @ left after redaction goes too.
        reply = reply == null ? null : LEFTOVER_ADDRESS.matcher(Addresses.redacted(reply)).replaceAll(Addresses.REDACTED);
    }

    /** A mail that cannot be sent at all, and why. */
    public static SendOutcome unsendable(String why) {
        return new SendOutcome(Status.UNSENDABLE, why, 0);
    }
}
