package dev.upshift.common.reply;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether the receiving server vouched for a mail's sender: its {@code Authentication-Results} (RFC 8601) shows a
 * DMARC pass, or a DKIM pass whose signing domain is aligned with the {@code From:} domain (the same domain or one
 * of its parents, as DMARC's relaxed alignment allows). Only the topmost header counts: the one the server holding
 * the mailbox added; any below it came with the mail and could be forged.
 */
public final class SenderAuthentication {
    private static final Pattern DMARC_PASS = Pattern.compile("(?:^|;)\\s*dmarc\\s*=\\s*pass\\b[^;]*?header\\.from\\s*=\\s*([^\\s;]+)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DKIM_PASS = Pattern.compile("(?:^|;)\\s*dkim\\s*=\\s*pass\\b[^;]*?header\\.(?:d|i)\\s*=\\s*@?([^\\s;]+)",
            Pattern.CASE_INSENSITIVE);

    private SenderAuthentication() {}

    /**
     * @param authenticationResults the topmost {@code Authentication-Results} header, or null
     * @param fromAddress the {@code From:} address, or null
     */
    public static boolean isAligned(String authenticationResults, String fromAddress) {
        if (authenticationResults == null || fromAddress == null || fromAddress.indexOf('@') < 0) {
            return false;
        }
        String fromDomain = fromAddress.substring(fromAddress.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        return passesFor(DMARC_PASS, authenticationResults, fromDomain) || passesFor(DKIM_PASS, authenticationResults, fromDomain);
    }

    private static boolean passesFor(Pattern pass, String results, String fromDomain) {
        Matcher matcher = pass.matcher(results);
        while (matcher.find()) {
            String domain = matcher.group(1).toLowerCase(Locale.ROOT).replaceAll("[\"()]", "");
            domain = domain.substring(domain.lastIndexOf('@') + 1);
            if (fromDomain.equals(domain) || fromDomain.endsWith("." + domain) && domain.contains(".")) {
                return true;
            }
        }
        return false;
    }
}
