package dev.upshift.common.reply;

import dev.upshift.common.json.Timestamps;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The default reply classifier: deterministic, offline rules over the customer's own words (quotes and
 * signature removed), after machine mail has been recognised. Rules are tried from the most consequential: an
 * unsubscribe must never be missed, so it wins over everything; a reply no rule recognises is a question, which
 * a person then reads.
 */
public final class RuleClassifier {
    public static final String NAME = "rules-v1";

    private record Rule(ReplyLabel label, Pattern pattern) {}

    private static final List<Rule> RULES = List.of(
            rule(ReplyLabel.UNSUBSCRIBE, "unsubscribe|remove (me|us|my (e-?mail|address))|take (me|us) off|off (your|the|this) (mailing )?list"
                    + "|stop (e-?mailing|emailing|sending|contacting|writing)|(do not|don't|dont) (contact|e-?mail|email|write)"
                    + "|opt(ed)?[- ]?out|no more (e-?mails|emails|messages)|abmelden|abbestellen|keine (e-?mails|werbung)"
                    + "|désabonner|desinscri|ne plus recevoir|darme de baja|dar de baja|no (me )?envíe"),
            rule(ReplyLabel.WRONG_PERSON, "no longer (with|at|work|works|employed)|(has|have) left (the company|[a-z]+)|left the company"
                    + "|not the right (person|contact)|wrong (person|contact)|(doesn't|does not|don't|do not) (work|handle|deal)"
                    + "|not responsible for|(please )?(reach out to|contact|talk to|speak to) [a-z.'-]+( [a-z.'-]+)? (instead|at|on)"
                    + "|(he|she|they) (is|are) (now )?(the|our) (person|contact|owner)|in charge of (this|billing|that)"),
            rule(ReplyLabel.NOT_NOW, "not (right )?now|not yet|maybe later|later (this|in the) (year|quarter)|next (quarter|month|year)"
                    + "|\\bq[1-4]\\b|ask (me|us) (again )?(in|after|around)|check back|circle back|revisit|(get|come) back to (me|us|this)"
                    + "|in (a few|a couple of|\\d+|two|three|six) (weeks|months)|at (the|this) moment|not at (this|the moment|this point)"
                    + "|(after|once) (our|the) (budget|renewal|launch|migration|fiscal)|too busy|busy right now|not the right time"),
            rule(ReplyLabel.NOT_INTERESTED, "not interested|no,? thanks|no thank you|not for us|we'?re (good|fine|all set)|we are (good|fine|all set)"
                    + "|(don'?t|do not|doesn'?t) need|no need|we'?ll pass|pass on (this|that)|not (going|planning) to upgrade|happy (with|on) (our|the) current"
                    + "|kein interesse|pas intéressé|no (nos )?interesa"),
            rule(ReplyLabel.INTERESTED, "\\byes\\b|\\byep\\b|\\bsure\\b|sounds (good|great|perfect)|let'?s (do|go|talk|chat|set)|go ahead|set (it|that|us) up"
                    + "|sign (us|me) up|(please )?(upgrade|move) us|we'?d (like|love) to (upgrade|move|try|add)|we (want|need) to (upgrade|move|add)"
                    + "|(very |definitely )?interested|book (a|the) (call|meeting|demo)|schedule (a|the) (call|meeting)|happy to (chat|talk)"
                    + "|count (us|me) in|please proceed|\\bi'?m in[.!]*\\s*$|(?<!\\p{L})(ja|oui|sí)(?!\\p{L})|gerne|volontiers|adelante"),
            rule(ReplyLabel.QUESTION, "\\?|^(how|what|does|do|can|could|is|are|will|would|which|when|why|where)\\b|wondering|curious"
                    + "|(can|could) you (explain|clarify|tell)|more (info|information|details)"));
    /** Starts only where an address can start and never gives back what it took, so a long run of letters is read once. */
    private static final Pattern EMAIL = Pattern.compile("(?<![a-z0-9._%+-])[a-z0-9._%+-]++@[a-z0-9-]++(\\.[a-z0-9-]++)*+(?<=\\.[a-z]{2,63})");

    private static final Pattern REPLY_PREFIXES = Pattern.compile("^\\s*((re|aw|sv|fw|fwd|wg|tr|rv)\\s*(\\[\\d+\\])?\\s*:\\s*)*",
            Pattern.CASE_INSENSITIVE);
    /** A subject that is itself the request: "unsubscribe", "Unsubscribe me", "remove me from your list", "opt out", "stop". */
    private static final Pattern UNSUBSCRIBE_SUBJECT = Pattern.compile(
            "\\s*(unsubscribe|opt[- ]?out|remove me|stop( (e-?mailing|emailing|sending|contacting))?|abmelden|désabonner|darme de baja)(?!\\p{L})",
            Pattern.CASE_INSENSITIVE);

    private RuleClassifier() {}

    public static ReplyClassification classify(InboundMail mail) {
        Optional<ReplyClassification> unsubscribe = unsubscribeRequest(mail);
        if (unsubscribe.isPresent()) {
            return unsubscribe.get();
        }
        Optional<ReplyClassification> machine = MachineMail.classify(mail);
        if (machine.isPresent()) {
            return machine.get();
        }
        String text = ReplyText.of(mail).toLowerCase(Locale.ROOT);
        LocalDate received = Instant.ofEpochMilli(mail.receivedAt()).atZone(ZoneOffset.UTC).toLocalDate();
        for (Rule rule : RULES) {
            Matcher matcher = rule.pattern().matcher(text);
            if (matcher.find()) {
                ReplyClassification classification = ReplyClassification.of(rule.label(), 0.9, "matched \"" + matcher.group().strip() + "\"");
                extractFields(classification, rule.label(), text, received, mail);
                return classification;
            }
        }
        return ReplyClassification.of(ReplyLabel.QUESTION, 0.4, "no rule matched; a person should read it");
    }

    /**
     * An unsubscribe asked for outside the body: a subject that says so (what a mail client's unsubscribe button
     * sends to the {@code List-Unsubscribe} mailto, and what people type with an empty body), or Apple Mail's
     * {@code X-Apple-Unsubscribe}. Checked before anything else, so an automatic sender cannot hide it.
     */
    private static Optional<ReplyClassification> unsubscribeRequest(InboundMail mail) {
        if ("true".equalsIgnoreCase(String.valueOf(mail.header("X-Apple-Unsubscribe")).strip())) {
            return Optional.of(ReplyClassification.of(ReplyLabel.UNSUBSCRIBE, 0.99, "X-Apple-Unsubscribe: true"));
        }
        String subject = mail.subject() == null ? "" : REPLY_PREFIXES.matcher(mail.subject()).replaceFirst("");
        Matcher asks = UNSUBSCRIBE_SUBJECT.matcher(subject);
        return asks.lookingAt() ? Optional.of(ReplyClassification.of(ReplyLabel.UNSUBSCRIBE, 0.95, "subject \"" + asks.group().strip() + "\""))
                : Optional.empty();
    }

    private static void extractFields(ReplyClassification classification, ReplyLabel label, String text, LocalDate received, InboundMail mail) {
        if (label == ReplyLabel.NOT_NOW) {
            ReplyDates.notBefore(text, received).ifPresent(date -> Timestamps.startOfDay(date).ifPresent(at -> classification.notBefore = at));
        } else if (label == ReplyLabel.WRONG_PERSON) {
            String sender = mail.from() == null ? "" : mail.from().toLowerCase(Locale.ROOT);
            Matcher address = EMAIL.matcher(text);
            while (address.find()) {
                if (!sender.contains(address.group())) {
                    classification.newContact = address.group();
                    break;
                }
            }
        }
    }

    private static Rule rule(ReplyLabel label, String phrases) {
        return new Rule(label, Pattern.compile(phrases, Pattern.CASE_INSENSITIVE | Pattern.MULTILINE));
    }
}
