package dev.upshift.common.mail;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Message-IDs derived from the offer, so a re-sent offer would carry the same id and a receiver can drop it. */
public final class MessageIds {
    private MessageIds() {}

    /** {@code <upshift.<first 32 hex digits of SHA-256(offerId)>@domain>}. */
    public static String of(String offerId, String domain) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(offerId.getBytes(StandardCharsets.UTF_8));
            return "<upshift." + HexFormat.of().formatHex(digest, 0, 16) + "@" + domain + ">";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
