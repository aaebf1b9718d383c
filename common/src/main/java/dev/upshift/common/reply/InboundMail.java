package dev.upshift.common.reply;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A mail that arrived in an agent identity's mailbox, as the reply logic needs it: read from MIME elsewhere, so
 * that classification stays plain Java.
 *
 * @param headers header names in lower case, each with its first value
 * @param returnPath the envelope sender as received, {@code <>} for a null return path, or null when absent
 * @param deliveryStatus the per-recipient blocks of an RFC 3464 report, empty for anything else
 */
public record InboundMail(Map<String, String> headers, String subject, String from, String returnPath, String contentType,
        String text, String html, List<RecipientStatus> deliveryStatus, long receivedAt) {

    /** One recipient's block of a delivery status notification. */
    public record RecipientStatus(String finalRecipient, String action, String status, String diagnostic) {}

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** An RFC 3464 delivery status notification. */
    public boolean isDeliveryReport() {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("multipart/report") && type.contains("delivery-status");
    }
}
