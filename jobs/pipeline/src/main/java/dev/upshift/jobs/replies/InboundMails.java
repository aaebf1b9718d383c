package dev.upshift.jobs.replies;

import dev.upshift.common.reply.InboundMail;
import dev.upshift.common.reply.MailCharsets;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a received message into what reply classification needs: headers, sender, return path, the first text
 * and HTML parts, the per-recipient blocks of an RFC 3464 delivery report and the fields of an RFC 5965 feedback
 * report. Real mail is often broken, so reading never fails: a part whose MIME structure cannot be parsed is
 * read as text, an unknown charset decodes leniently, an empty or invalid {@code From:} leaves the sender
 * unknown, and only the first {@code maxBytes} of a message are read at all.
 */
public final class InboundMails {
    /** Lenient where real servers are sloppy: bad base64, empty multiparts, parts without a boundary parameter. */
    private static final Session SESSION = Session.getInstance(properties());
    private static final Pattern ADDRESS = Pattern.compile("[^\\s<>\"'(),;:@]{1,64}@[^\\s<>\"'(),;:@]{1,255}");

    private InboundMails() {}

    /** Never throws: whatever the bytes, the result holds what could be read of them. */
    public static InboundMail read(byte[] raw, long receivedAt, int maxBytes) {
        byte[] bytes = raw.length > maxBytes ? Arrays.copyOf(raw, maxBytes) : raw;
        MimeMessage message;
        try {
            message = new MimeMessage(SESSION, new ByteArrayInputStream(bytes));
        } catch (MessagingException | RuntimeException e) {
            return asPlainText(bytes, receivedAt);
        }
        Map<String, String> headers = headers(message);
        Bodies bodies = new Bodies();
        bodies.collect(message, 0);
        return new InboundMail(headers, subject(message, headers), sender(message, headers), returnPath(headers),
                headers.get("content-type"), bodies.text, bodies.html, bodies.statuses, bodies.feedbackReport, receivedAt);
    }

    /** When the mail says it was sent, from its {@code Date:} header, if that parses. */
    public static Optional<Long> sentAt(InboundMail mail) {
        String date = mail.header("Date");
        if (date == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(new MailDateFormat().parse(MimeUtility.unfold(date))).map(Date::getTime);
        } catch (ParseException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The last resort: the header block as headers and the rest as plain text. */
    private static InboundMail asPlainText(byte[] bytes, long receivedAt) {
        String whole = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = whole.indexOf("\n\n") >= 0 ? whole.indexOf("\n\n") : whole.indexOf("\r\n\r\n");
        Map<String, String> headers = DeliveryStatus.fields(end < 0 ? whole : whole.substring(0, end));
        String body = end < 0 ? "" : MailCharsets.decode(Arrays.copyOfRange(bytes, end, bytes.length), null);
        return new InboundMail(headers, decoded(headers.get("subject")), addressIn(headers.get("from")), returnPath(headers),
                headers.get("content-type"), body, null, DeliveryStatus.parse(body), Map.of(), receivedAt);
    }

    private static Map<String, String> headers(MimeMessage message) {
        Map<String, String> headers = new LinkedHashMap<>();
        try {
            for (Header header : Collections.list(message.getAllHeaders())) {
                headers.putIfAbsent(header.getName().toLowerCase(Locale.ROOT), header.getValue() == null ? "" : header.getValue());
            }
        } catch (MessagingException | RuntimeException e) {
            // keep the headers read so far
        }
        return headers;
    }

    private static String subject(MimeMessage message, Map<String, String> headers) {
        try {
            return message.getSubject();
        } catch (MessagingException | RuntimeException e) {
            return decoded(headers.get("subject"));
        }
    }

    /** The sender's address, or null when the {@code From:} names none; an unparseable header is searched for one. */
    private static String sender(MimeMessage message, Map<String, String> headers) {
        try {
            Address[] from = message.getFrom();
            if (from != null && from.length > 0 && from[0] instanceof InternetAddress address && address.getAddress() != null
                    && address.getAddress().contains("@")) {
                return address.getAddress();
            }
        } catch (MessagingException | RuntimeException e) {
            // fall through to a search of the raw header
        }
        return addressIn(headers.get("from"));
    }

    private static String addressIn(String header) {
        if (header == null) {
            return null;
        }
        Matcher address = ADDRESS.matcher(header);
        return address.find() ? address.group() : null;
    }

    private static String decoded(String header) {
        if (header == null) {
            return null;
        }
        try {
            return MimeUtility.decodeText(MimeUtility.unfold(header));
        } catch (IOException | RuntimeException e) {
            return MimeUtility.unfold(header);
        }
    }

    private static String returnPath(Map<String, String> headers) {
        String returnPath = headers.get("return-path");
        return returnPath == null ? null : returnPath.replaceAll("\\s", "");
    }

    /** The first plain and HTML parts, depth first, and any delivery-status or feedback-report part. */
    private static final class Bodies {
        /** Deeper than any real mail nests; a message built to recurse forever stops here. */
        private static final int MAX_DEPTH = 20;

        String text;
        String html;
        final List<InboundMail.RecipientStatus> statuses = new ArrayList<>();
        Map<String, String> feedbackReport = Map.of();

        void collect(Part part, int depth) {
            if (depth > MAX_DEPTH) {
                return;
            }
            if (isType(part, "multipart/*")) {
                Multipart multipart = multipart(part);
                if (multipart == null) {
                    // A broken structure (no start boundary, say): its text is still worth reading.
                    String whole = decode(part);
                    keepFirstText(whole);
                    statuses.addAll(DeliveryStatus.parse(whole));
                    return;
                }
                for (BodyPart child : children(multipart)) {
                    if (!isAttachment(child) || isType(child, "message/delivery-status") || isType(child, "message/feedback-report")) {
                        collect(child, depth + 1);
                    }
                }
            } else if (isType(part, "message/delivery-status") || isType(part, "message/global-delivery-status")) {
                statuses.addAll(DeliveryStatus.parse(decode(part)));
            } else if (isType(part, "message/rfc822") && depth > 0 && statuses.isEmpty()) {
                // A forwarded bounce: only its delivery report counts, never the text of a returned message.
                Bodies forwarded = new Bodies();
                forwarded.collect(message(part), depth + 1);
                statuses.addAll(forwarded.statuses);
            } else if (isType(part, "message/feedback-report")) {
                feedbackReport = DeliveryStatus.fields(decode(part));
            } else if (isType(part, "text/html")) {
                if (html == null) {
                    html = decode(part);
                }
            } else if (isType(part, "text/plain") || depth == 0 && !isType(part, "message/*")) {
                keepFirstText(decode(part));
            }
        }

        private void keepFirstText(String decoded) {
            if (text == null) {
                text = decoded;
            }
        }

        private static Multipart multipart(Part part) {
            try {
                Multipart multipart = (Multipart) part.getContent();
                multipart.getCount(); // parses, and throws here if the structure is broken
                return multipart;
            } catch (MessagingException | IOException | RuntimeException e) {
                return null;
            }
        }

        private static Part message(Part part) {
            try {
                return part.getContent() instanceof Part message ? message : part;
            } catch (MessagingException | IOException | RuntimeException e) {
                return part;
            }
        }

        private static List<BodyPart> children(Multipart multipart) {
            List<BodyPart> children = new ArrayList<>();
            try {
                for (int i = 0; i < multipart.getCount(); i++) {
                    children.add(multipart.getBodyPart(i));
                }
            } catch (MessagingException | RuntimeException e) {
                // keep the parts read so far
            }
            return children;
        }

        private static boolean isType(Part part, String type) {
            try {
                return part.isMimeType(type);
            } catch (MessagingException | RuntimeException e) {
                return false;
            }
        }

        private static boolean isAttachment(Part part) {
            try {
                return Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition());
            } catch (MessagingException | RuntimeException e) {
                return false;
            }
        }

        /** The part's bytes with their transfer encoding undone, in its charset, or leniently when that is unknown. */
        private static String decode(Part part) {
            byte[] bytes;
            try (InputStream in = part.getInputStream()) {
                bytes = in.readAllBytes();
            } catch (MessagingException | IOException | RuntimeException e) {
                bytes = rawBytes(part);
            }
            return MailCharsets.decode(bytes, charset(part));
        }

        private static byte[] rawBytes(Part part) {
            try (InputStream in = part instanceof MimeMessage message ? message.getRawInputStream()
                    : ((jakarta.mail.internet.MimeBodyPart) part).getRawInputStream()) {
                return in.readAllBytes();
            } catch (MessagingException | IOException | RuntimeException e) {
                return new byte[0];
            }
        }

        private static String charset(Part part) {
            try {
                return new ContentType(part.getContentType()).getParameter("charset");
            } catch (MessagingException | RuntimeException e) {
                return null;
            }
        }
    }

    private static Properties properties() {
        Properties properties = new Properties();
        properties.setProperty("mail.mime.base64.ignoreerrors", "true");
        properties.setProperty("mail.mime.multipart.allowempty", "true");
        properties.setProperty("mail.mime.multipart.ignoremissingboundaryparameter", "true");
        properties.setProperty("mail.mime.multipart.ignoremissingendboundary", "true");
        return properties;
    }
}
