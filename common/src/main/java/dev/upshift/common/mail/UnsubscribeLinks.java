package dev.upshift.common.mail;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RFC 8058 one-click unsubscribe links. The token names the account, the offer and the day it was issued, with an
 * HMAC-SHA256 over all three, so the unsubscribe endpoint can trust it without a lookup, nobody can forge one for
 * another account, and an old one expires.
 */
public final class UnsubscribeLinks {
    private static final Base64.Encoder URL_SAFE = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder URL_SAFE_DECODER = Base64.getUrlDecoder();
    private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();
    /** The subject {@link #header} puts in the mailto, wherever a mail client leaves it in the subject it sends. */
    private static final Pattern SUBJECT_TOKEN = Pattern.compile("unsubscribe\\s++([\\w-]++(?:\\.[\\w-]++){3})", Pattern.CASE_INSENSITIVE);

    /** A token that checked out: who asked to be unsubscribed, from which offer's mail. */
    public record Verified(String accountId, String offerId) {}

    /** Why a token was refused. */
    public enum Refusal { MALFORMED, FORGED, EXPIRED }

    /** Either a verified token or the reason it was refused. */
    public record Verdict(Verified verified, Refusal refusal) {}

    private final String baseUrl;
    private final String mailto;
    private final Hmac hmac;

    public UnsubscribeLinks(String baseUrl, String mailto, byte[] secret) {
        this.baseUrl = baseUrl;
        this.mailto = mailto;
        this.hmac = new Hmac(secret, "unsubscribe links");
    }

    /** {@code accountId.offerId.issuedDay.signature}, each part base64url; the day is days since the epoch. */
    public String token(String accountId, String offerId, long issuedAt) {
        String payload = encode(accountId) + "." + encode(offerId) + "." + encode(Long.toString(Math.floorDiv(issuedAt, DAY_MILLIS)));
        return payload + "." + URL_SAFE.encodeToString(hmac.of(payload));
    }

    /** Checks a token's signature, then its age against {@code maxAge} as of {@code now}. */
    public Verdict verify(String token, long now, Duration maxAge) {
        String[] parts = token == null ? new String[0] : token.split("\\.");
        if (parts.length != 4) {
            return new Verdict(null, Refusal.MALFORMED);
        }
        try {
            byte[] expected = hmac.of(parts[0] + "." + parts[1] + "." + parts[2]);
            if (!MessageDigest.isEqual(expected, URL_SAFE_DECODER.decode(parts[3]))) {
                return new Verdict(null, Refusal.FORGED);
            }
            long issuedDay = Long.parseLong(decode(parts[2]));
            if ((issuedDay + 1) * DAY_MILLIS + maxAge.toMillis() < now) {
                return new Verdict(null, Refusal.EXPIRED);
            }
            return new Verdict(new Verified(decode(parts[0]), decode(parts[1])), null);
        } catch (IllegalArgumentException e) {
            return new Verdict(null, Refusal.MALFORMED);
        }
    }

    /**
     * The token in the subject of a mail sent to the {@code List-Unsubscribe} mailto, if it holds one that checks
     * out: a mail client's unsubscribe button sends exactly the subject {@link #header} gives.
     */
    public Optional<Verified> verifySubject(String subject, long now, Duration maxAge) {
        Matcher token = SUBJECT_TOKEN.matcher(subject == null ? "" : subject);
        return token.find() ? Optional.ofNullable(verify(token.group(1), now, maxAge).verified()) : Optional.empty();
    }

    public String url(String accountId, String offerId, long issuedAt) {
        return baseUrl + (baseUrl.contains("?") ? "&" : "?") + "token=" + token(accountId, offerId, issuedAt);
    }

    /** The value of the {@code List-Unsubscribe} header: the https link first, then the mailto. */
    public String header(String accountId, String offerId, long issuedAt) {
        String subject = URLEncoder.encode("unsubscribe " + token(accountId, offerId, issuedAt), StandardCharsets.UTF_8).replace("+", "%20");
        return "<" + url(accountId, offerId, issuedAt) + ">, <mailto:" + mailto + "?subject=" + subject + ">";
    }

    private static String encode(String text) {
        return URL_SAFE.encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String part) {
        return new String(URL_SAFE_DECODER.decode(part), StandardCharsets.UTF_8);
    }
}
