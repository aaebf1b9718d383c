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
 * @param from the sender's address, or null when the mail names none
 * @param deliveryStatus the per-recipient blocks of an RFC 3464 report, empty for anything else
 * @param feedbackReport the fields of an RFC 5965 feedback report (names in lower case), empty for anything else
 */
public record InboundMail(Map<String, String> headers, String subject, String from, String returnPath, String contentType,
        String text, String html, List<RecipientStatus> deliveryStatus, Map<String, String> feedbackReport, long receivedAt) {

    /** One recipient's block of a delivery status notification. */
    public record RecipientStatus(String finalRecipient, String action, String status, String diagnostic) {}

    /** The same mail, taken as received at another time (a saved file's own {@code Date:}, say). */
    public InboundMail withReceivedAt(long at) {
        return new InboundMail(headers, subject, from, returnPath, contentType, text, html, deliveryStatus, feedbackReport, at);
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** An RFC 3464 delivery status notification. */
    public boolean isDeliveryReport() {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("multipart/report") && type.contains("delivery-status");
    }
}
