package dev.upshift.common.mail;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 8058 one-click unsubscribe links. The token names the account and the offer and carries an HMAC-SHA256
 * over both, so the unsubscribe endpoint can trust it without a lookup and nobody can forge one for another account.
 */
public final class UnsubscribeLinks {
    private static final Base64.Encoder URL_SAFE = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder URL_SAFE_DECODER = Base64.getUrlDecoder();

    private final String baseUrl;
    private final String mailto;
    private final byte[] secret;

    public UnsubscribeLinks(String baseUrl, String mailto, byte[] secret) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("the unsubscribe secret must have at least 16 bytes");
        }
        this.baseUrl = baseUrl;
        this.mailto = mailto;
        this.secret = secret.clone();
    }

    /** {@code accountId.offerId.signature}, each part base64url. */
    public String token(String accountId, String offerId) {
        String payload = encode(accountId) + "." + encode(offerId);
        return payload + "." + URL_SAFE.encodeToString(hmac(payload));
    }

    /** The account id a genuine token was issued for, or null for a forged or damaged one. */
    public String accountOf(String token) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            byte[] expected = hmac(parts[0] + "." + parts[1]);
            boolean genuine = MessageDigest.isEqual(expected, URL_SAFE_DECODER.decode(parts[2]));
            return genuine ? new String(URL_SAFE_DECODER.decode(parts[0]), StandardCharsets.UTF_8) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public String url(String accountId, String offerId) {
        return baseUrl + (baseUrl.contains("?") ? "&" : "?") + "token=" + token(accountId, offerId);
    }

    /** The value of the {@code List-Unsubscribe} header: the https link first, then the mailto. */
    public String header(String accountId, String offerId) {
        String subject = URLEncoder.encode("unsubscribe " + token(accountId, offerId), StandardCharsets.UTF_8).replace("+", "%20");
        return "<" + url(accountId, offerId) + ">, <mailto:" + mailto + "?subject=" + subject + ">";
    }

    private static String encode(String text) {
        return URL_SAFE.encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private byte[] hmac(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
