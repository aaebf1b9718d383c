package dev.upshift.common.mail;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 under the agent's secret: what makes its links, Message-IDs and address keys unforgeable. */
final class Hmac {
    private final byte[] secret;

    Hmac(byte[] secret, String purpose) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("the secret for " + purpose + " must have at least 16 bytes");
        }
        this.secret = secret.clone();
    }

    byte[] of(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
