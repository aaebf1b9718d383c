package dev.upshift.common.reply;

import dev.upshift.common.json.Timestamps;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Mail no person wrote, recognised before anything else: feedback reports ({@link FeedbackReports}), bounces in
 * RFC 3464 form or any of the big servers' own ({@link Bounces}), and RFC 3834 automatic replies
 * ({@code Auto-Submitted} other than {@code no}, {@code X-Autoreply}, {@code X-Autorespond}, {@code Precedence: auto_reply|bulk|junk|list}, a null return path,
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
    private MachineMail() {}

    static Optional<ReplyClassification> classify(InboundMail mail) {
        Optional<ReplyClassification> report = FeedbackReports.classify(mail);
        if (report.isPresent()) {
            return report;
        }
        if (Bounces.isBounce(mail)) {
            return Optional.of(Bounces.classify(mail));
        }
        String why = autoReplySign(mail);
        if (why == null) {
            return Optional.empty();
        }
        ReplyClassification auto = ReplyClassification.of(ReplyLabel.AUTO_REPLY, 0.98, why);
        returnDate(mail).ifPresent(date -> Timestamps.startOfDay(date).ifPresent(at -> auto.returnsAt = at));
        return Optional.of(auto);
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
