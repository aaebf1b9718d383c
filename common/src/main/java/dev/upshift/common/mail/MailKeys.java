package dev.upshift.common.mail;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * The keys that tie mail to offers, signed with the agent's secret. A Message-ID carries the mail's id and an HMAC
 * of it, so a reply's {@code In-Reply-To} leads back to its offer without a lookup and nobody can forge a thread
 * into another account's offer. A mail id is the offer id for the offer mail itself, and
 * {@code offerId.purpose} for the agent's later mails in its thread. Addresses are keyed by HMAC too, so that
 * records and state can match a sender to a contact without holding the address.
 */
public final class MailKeys {
    private static final String PREFIX = "<upshift.";
    /** 96 bits: far beyond guessing, short enough for a header. */
    private static final int SIGNATURE_HEX = 24;

    private final Hmac hmac;

    public MailKeys(byte[] secret) {
        this.hmac = new Hmac(secret, "Message-IDs");
    }

    /** {@code <upshift.<base64url mailId>.<signature>@domain>}: the same mail always gets the same id. */
    public String messageId(String mailId, String domain) {
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(mailId.getBytes(StandardCharsets.UTF_8));
        return PREFIX + encoded + "." + signature("mail:" + mailId) + "@" + domain + ">";
    }

    /** The mail id inside one of our Message-IDs, if it is ours and its signature holds. */
    public Optional<String> mailIdOf(String messageId) {
        String id = messageId == null ? "" : messageId.strip();
        int at = id.lastIndexOf('@');
        if (!id.startsWith(PREFIX) || at < 0 || !id.endsWith(">")) {
            return Optional.empty();
        }
        String signed = id.substring(PREFIX.length(), at);
        int dot = signed.lastIndexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        String mailId;
        try {
            mailId = new String(Base64.getUrlDecoder().decode(signed.substring(0, dot)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        boolean genuine = MessageDigest.isEqual(signature("mail:" + mailId).getBytes(StandardCharsets.US_ASCII),
                signed.substring(dot + 1).getBytes(StandardCharsets.US_ASCII));
        return genuine ? Optional.of(mailId) : Optional.empty();
    }

    /** The id of a later mail in an offer's thread: one per purpose and per message it is about, so never sent twice. */
    public static String followUpId(String offerId, String purpose, String about) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(about.getBytes(StandardCharsets.UTF_8));
            return offerId + "." + purpose + "-" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** What a later mail in a thread was for; null for the offer's own mail. */
    public static String purposeOf(String mailId) {
        int dot = mailId.indexOf('.');
        if (dot < 0) {
            return null;
        }
        int dash = mailId.lastIndexOf('-');
        return mailId.substring(dot + 1, dash > dot ? dash : mailId.length());
    }

    /** The offer a mail id belongs to. */
    public static String offerIdOf(String mailId) {
        int dot = mailId.indexOf('.');
        return dot < 0 ? mailId : mailId.substring(0, dot);
    }

    /** A stable, unforgeable stand-in for an address: the same for any spelling case. */
    public String addressKey(String address) {
        return address == null ? null : signature("address:" + address.strip().toLowerCase(Locale.ROOT));
    }

    private String signature(String payload) {
        return HexFormat.of().formatHex(hmac.of(payload)).substring(0, SIGNATURE_HEX);
    }
}
