package dev.upshift.common.reply;

import dev.upshift.common.json.Timestamps;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Mail no person wrote, recognised before anything else: RFC 3464 delivery reports (5.x.x a hard bounce, 4.x.x
 * or {@code delayed} a soft one) and RFC 3834 automatic replies ({@code Auto-Submitted} other than {@code no},
 * {@code X-Autoreply}, {@code X-Autorespond}, {@code Precedence: auto_reply|bulk|junk|list}, a null return path,
 * or an out-of-office subject in one of several languages).
 */
final class MachineMail {
    private static final Pattern OUT_OF_OFFICE_SUBJECT = Pattern.compile(
            "out of (the )?office|automatic reply|auto[- ]?reply|autoreply|auto[- ]?response|on vacation|on leave|away from"
                    + "|abwesenheit|abwesend|automatische antwort|réponse automatique|absent|absence|respuesta automática"
                    + "|fuera de la oficina|ausente|risposta automatica|fuori ufficio|automatisch antwoord|afwezig",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern RETURN_CUE = Pattern.compile(
            "back|return|until|till|bis|zurück|retour|jusqu|hasta|regres|vuelvo|rientr|terug", Pattern.CASE_INSENSITIVE);
    private static final Pattern BOUNCE_SUBJECT = Pattern.compile(
            "undeliver|delivery status notification|mail delivery (failed|subsystem)|returned mail|delivery failure|failure notice",
            Pattern.CASE_INSENSITIVE);

    private MachineMail() {}

    static Optional<ReplyClassification> classify(InboundMail mail) {
        if (mail.isDeliveryReport() || isBounceByEnvelope(mail)) {
            return Optional.of(bounce(mail));
        }
        String why = autoReplySign(mail);
        if (why == null) {
            return Optional.empty();
        }
        ReplyClassification auto = ReplyClassification.of(ReplyLabel.AUTO_REPLY, 0.98, why);
        returnDate(mail).ifPresent(date -> Timestamps.startOfDay(date).ifPresent(at -> auto.returnsAt = at));
        return Optional.of(auto);
    }

    private static boolean isBounceByEnvelope(InboundMail mail) {
        String from = mail.from() == null ? "" : mail.from().toLowerCase(Locale.ROOT);
        return (from.contains("mailer-daemon") || from.contains("postmaster"))
                && mail.subject() != null && BOUNCE_SUBJECT.matcher(mail.subject()).find();
    }

    private static ReplyClassification bounce(InboundMail mail) {
        List<InboundMail.RecipientStatus> statuses = mail.deliveryStatus();
        InboundMail.RecipientStatus failed = statuses.stream().filter(status -> status.status() != null && status.status().startsWith("5"))
                .findFirst().orElse(null);
        if (failed != null) {
            return bounced(ReplyLabel.HARD_BOUNCE, failed, "delivery report: " + failed.action() + " " + failed.status());
        }
        InboundMail.RecipientStatus delayed = statuses.stream().findFirst().orElse(null);
        if (delayed != null) {
            return bounced(ReplyLabel.SOFT_BOUNCE, delayed, "delivery report: " + delayed.action() + " " + delayed.status());
        }
        boolean delay = mail.subject() != null && mail.subject().toLowerCase(Locale.ROOT).contains("delay");
        return ReplyClassification.of(delay ? ReplyLabel.SOFT_BOUNCE : ReplyLabel.HARD_BOUNCE, 0.8,
                "bounce without a readable delivery report: " + mail.subject());
    }

    private static ReplyClassification bounced(ReplyLabel label, InboundMail.RecipientStatus status, String reason) {
        ReplyClassification classification = ReplyClassification.of(label, 0.99, reason);
        classification.bouncedRecipient = status.finalRecipient();
        classification.bounceStatus = status.status();
        return classification;
    }

    /** Why the mail is automatic, or null when nothing says so. */
    private static String autoReplySign(InboundMail mail) {
        String autoSubmitted = mail.header("Auto-Submitted");
        if (autoSubmitted != null && !autoSubmitted.strip().equalsIgnoreCase("no")) {
            return "Auto-Submitted: " + autoSubmitted.strip();
        }
        if (mail.header("X-Autoreply") != null || mail.header("X-Autorespond") != null) {
            return mail.header("X-Autoreply") != null ? "X-Autoreply" : "X-Autorespond";
        }
        String precedence = mail.header("Precedence");
        if (precedence != null && precedence.strip().toLowerCase(Locale.ROOT).matches("auto_reply|bulk|junk|list")) {
            return "Precedence: " + precedence.strip();
        }
        if ("<>".equals(mail.returnPath())) {
            return "null return path";
        }
        if (mail.subject() != null && OUT_OF_OFFICE_SUBJECT.matcher(mail.subject()).find()) {
            return "out-of-office subject";
        }
        return null;
    }

    /** The first date after a "back on"/"until" cue, else the first date in the note. */
    private static Optional<LocalDate> returnDate(InboundMail mail) {
        String text = ReplyText.of(mail).toLowerCase(Locale.ROOT);
        LocalDate today = Instant.ofEpochMilli(mail.receivedAt()).atZone(ZoneOffset.UTC).toLocalDate();
        java.util.regex.Matcher cue = RETURN_CUE.matcher(text);
        if (cue.find()) {
            Optional<LocalDate> afterCue = ReplyDates.exactDate(text.substring(cue.start()), today);
            if (afterCue.isPresent()) {
                return afterCue;
            }
        }
        return ReplyDates.exactDate(text, today);
    }
}
