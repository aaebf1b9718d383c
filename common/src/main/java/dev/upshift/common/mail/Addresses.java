package dev.upshift.common.mail;

/**
 * Takes email addresses out of text that is about to be written somewhere lasting: a mail server's reply ("550 5.1.1
 * &lt;pat@customer.example&gt;: User unknown"), an exception's message, a dead letter's detail. Each address becomes
 * {@value #REDACTED}. A scan outward from each {@code @}, bounded by the longest local part and domain RFC 5321
 * allows, so its cost stays linear whatever the text (a regular expression for addresses backtracks on hostile input).
 */
public final class Addresses {
    public static final String REDACTED = "[address]";
    private static final int MAX_LOCAL_PART = 64;
    private static final int MAX_DOMAIN = 255;

    private Addresses() {}

    public static String redacted(String text) {
        if (text == null || text.indexOf('@') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        for (int at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
            int start = at;
            while (start > copied && at - start < MAX_LOCAL_PART && isLocalPart(text.charAt(start - 1))) {
                start--;
            }
            int end = domainEnd(text, at + 1);
            if (start < at && end > at + 1) {
                out.append(text, copied, start).append(REDACTED);
                copied = end;
                at = end - 1;
            }
        }
        return out.append(text, copied, text.length()).toString();
    }

    /** Where a domain with at least one dot starting at {@code from} ends (exclusive), or {@code from} when there is none. */
    private static int domainEnd(String text, int from) {
        int end = from;
        while (end < text.length() && end - from < MAX_DOMAIN && isDomain(text.charAt(end))) {
            end++;
        }
        while (end > from && text.charAt(end - 1) == '.') {
            end--; // a sentence's full stop is not part of the address
        }
        int dot = text.lastIndexOf('.', end - 1);
        return dot > from ? end : from;
    }

    private static boolean isLocalPart(char c) {
        return Character.isLetterOrDigit(c) || ".!#$%&'*+/=?^_`{|}~-".indexOf(c) >= 0;
    }

    private static boolean isDomain(char c) {
        return Character.isLetterOrDigit(c) || c == '-' || c == '.';
    }
}
