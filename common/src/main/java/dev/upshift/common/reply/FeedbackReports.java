package dev.upshift.common.reply;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What mailbox providers send about a mail they delivered: RFC 5965 (ARF) feedback reports, Microsoft's JMRP
 * reports, and Amazon SES notifications. A report of abuse (or fraud, a virus, or none named) is a spam complaint; an
 * {@code opt-out} report is the recipient unsubscribing; an {@code auth-failure} report (RFC 6591) is about
 * authentication, not the recipient's answer, and needs nothing from the agent.
 */
final class FeedbackReports {
    private static final Pattern JMRP_SUBJECT = Pattern.compile("complaint about message from", Pattern.CASE_INSENSITIVE);
    private static final Pattern SES_COMPLAINT = Pattern.compile("\"notificationType\\\\?\"\\s*:\\s*\\\\?\"Complaint");

    private FeedbackReports() {}

    static Optional<ReplyClassification> classify(InboundMail mail) {
        String type = feedbackType(mail);
        if (type == null) {
            return Optional.empty();
        }
        return Optional.of(switch (type) {
            case "opt-out" -> ReplyClassification.of(ReplyLabel.UNSUBSCRIBE, 0.99, "feedback report: opt-out");
            case "auth-failure" -> ReplyClassification.of(ReplyLabel.AUTO_REPLY, 0.99,
                    "feedback report: auth-failure, about authentication rather than the recipient's answer");
            default -> ReplyClassification.of(ReplyLabel.COMPLAINED, 0.99, "feedback report: " + type);
        });
    }

    /** The report's feedback type in lower case ({@code abuse} where the report names none), or null for anything else. */
    private static String feedbackType(InboundMail mail) {
        String type = mail.feedbackReport().get("feedback-type");
        if (type != null) {
            return type.strip().toLowerCase(Locale.ROOT);
        }
        String contentType = mail.contentType() == null ? "" : mail.contentType().toLowerCase(Locale.ROOT);
        if (contentType.startsWith("multipart/report") && contentType.contains("feedback-report") || !mail.feedbackReport().isEmpty()) {
            return "abuse";
        }
        String from = mail.from() == null ? "" : mail.from().toLowerCase(Locale.ROOT);
        if (from.equals("staff@hotmail.com") && mail.subject() != null && JMRP_SUBJECT.matcher(mail.subject()).find()) {
            return "abuse";
        }
        String text = mail.text() == null ? "" : mail.text();
        return from.endsWith("amazonaws.com") && SES_COMPLAINT.matcher(text).find() ? "abuse" : null;
    }
}
