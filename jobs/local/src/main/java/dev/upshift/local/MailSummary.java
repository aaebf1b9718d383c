package dev.upshift.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upshift.common.json.Json;
import dev.upshift.common.model.DeliveryTouch;
import dev.upshift.jobs.delivery.OutgoingMail;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The offer mail part of a run's summary, read from the audit trail and the mail server. */
public final class MailSummary {
    private MailSummary() {}

    static String of(List<String> auditLines, int received) {
        Map<String, Integer> stages = new TreeMap<>();
        int fellBack = 0;
        for (String line : auditLines) {
            JsonNode delivery = Json.tree(line).path("delivery");
            if (delivery.isMissingNode() || delivery.has("kind")) {
                continue;
            }
            stages.merge(delivery.path("stage").asText(), 1, Integer::sum);
            boolean drafted = delivery.path("stage").asText().equals(DeliveryTouch.DRAFTED)
                    || delivery.path("stage").asText().equals(DeliveryTouch.AWAITING_REVIEW);
            if (drafted && delivery.hasNonNull("fallbackReason")) {
                fellBack++;
            }
        }
        return String.format("Mail          %,d sent (%,d received by the mail server), %,d held for their send window first, "
                        + "%,d cancelled by an outcome for their account, %,d awaiting review, %,d fell back to the template, "
                        + "%,d failed, %,d undeliverable",
                count(stages, DeliveryTouch.SENT), received, count(stages, DeliveryTouch.HELD_FOR_WINDOW),
                count(stages, DeliveryTouch.CANCELLED), count(stages, DeliveryTouch.AWAITING_REVIEW), fellBack,
                count(stages, DeliveryTouch.FAILED), count(stages, DeliveryTouch.UNDELIVERABLE));
    }

    /** The offer's own mail, not the agent's later mails in its thread. */
    static Optional<MimeMessage> mailFor(List<MimeMessage> received, String offerId) {
        return received.stream().filter(message -> isOfferMail(message) && offerId.equals(header(message, OutgoingMail.OFFER_HEADER)))
                .findFirst();
    }

    /** An offer's own mail: the agent's replies and notices say, per RFC 3834, that they were sent automatically. */
    public static boolean isOfferMail(MimeMessage message) {
        return header(message, OutgoingMail.OFFER_HEADER) != null && header(message, "Auto-Submitted") == null;
    }

    /** The headers as received, then the decoded text. */
    static String render(MimeMessage message) {
        try {
            StringBuilder text = new StringBuilder();
            for (Header header : Collections.list(message.getAllHeaders())) {
                text.append(header.getName()).append(": ").append(header.getValue()).append(System.lineSeparator());
            }
            text.append(System.lineSeparator()).append(String.valueOf(message.getContent()).replace("\r\n", System.lineSeparator()));
            return text.toString();
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("cannot read a received mail", e);
        }
    }

    static String header(MimeMessage message, String name) {
        try {
            return message.getHeader(name, null);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int count(Map<String, Integer> stages, String stage) {
        return stages.getOrDefault(stage, 0);
    }
}
