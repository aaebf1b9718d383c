package dev.upshift.jobs.replies;

import dev.upshift.common.reply.InboundMail;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a received MIME message into what reply classification needs: headers, sender, return path, the first
 * text and HTML parts, and the per-recipient blocks of an RFC 3464 delivery report.
 */
public final class InboundMails {
    private InboundMails() {}

    public static InboundMail read(MimeMessage message, long receivedAt) throws MessagingException, IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : Collections.list(message.getAllHeaders())) {
            headers.putIfAbsent(header.getName().toLowerCase(Locale.ROOT), header.getValue());
        }
        Bodies bodies = new Bodies();
        bodies.collect(message);
        return new InboundMail(headers, message.getSubject(), sender(message), returnPath(headers), message.getContentType(),
                bodies.text, bodies.html, bodies.statuses, receivedAt);
    }

    private static String sender(MimeMessage message) throws MessagingException {
        Address[] from = message.getFrom();
        return from != null && from.length > 0 && from[0] instanceof InternetAddress address ? address.getAddress() : null;
    }

    private static String returnPath(Map<String, String> headers) {
        String returnPath = headers.get("return-path");
        return returnPath == null ? null : returnPath.replaceAll("\\s", "");
    }

    /** The first plain and HTML parts, depth first, and any delivery-status part. */
    private static final class Bodies {
        String text;
        String html;
        final List<InboundMail.RecipientStatus> statuses = new ArrayList<>();

        void collect(Part part) throws MessagingException, IOException {
            if (part.isMimeType("multipart/*")) {
                Multipart multipart = (Multipart) part.getContent();
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart child = multipart.getBodyPart(i);
                    if (!Part.ATTACHMENT.equalsIgnoreCase(child.getDisposition()) || child.isMimeType("message/delivery-status")) {
                        collect(child);
                    }
                }
            } else if (part.isMimeType("message/delivery-status")) {
                statuses.addAll(DeliveryStatus.parse(raw(part)));
            } else if (part.isMimeType("text/plain") && text == null) {
                text = String.valueOf(part.getContent());
            } else if (part.isMimeType("text/html") && html == null) {
                html = String.valueOf(part.getContent());
            }
        }

        private static String raw(Part part) throws MessagingException, IOException {
            Object content = part.getContent();
            if (content instanceof InputStream stream) {
                return new String(stream.readAllBytes(), StandardCharsets.US_ASCII);
            }
            return String.valueOf(content);
        }
    }
}
