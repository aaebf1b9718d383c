package dev.upshift.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upshift.common.json.Json;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The reply part of the demo's summary: what came back, what it changed, and what people were sent about it. */
final class ReplySummary {
    private static final Map<String, String> MAIL_KINDS = new LinkedHashMap<>();

    static {
        MAIL_KINDS.put("Re: ", "replies to customers (booking links, unsubscribe confirmations)");
        MAIL_KINDS.put("[Upshift] Yes from", "\"yes\" notices to owners");
        MAIL_KINDS.put("[Upshift] Question from", "question hand-offs");
        MAIL_KINDS.put("[Upshift] Wrong person", "wrong-person hand-offs");
        MAIL_KINDS.put("[Upshift] Contact address bounced", "bounce notices");
        MAIL_KINDS.put("[Upshift] Spam complaint", "complaint notices");
        MAIL_KINDS.put("[Upshift] Unmatched reply", "unmatched replies forwarded");
    }

    private ReplySummary() {}

    static String of(List<String> outcomeLines, List<MimeMessage> agentMails) {
        List<JsonNode> outcomes = outcomeLines.stream().map(Json::tree).toList();
        String nl = System.lineSeparator();
        StringBuilder text = new StringBuilder();
        text.append(String.format("Replies       %,d read from the agents' mailboxes: %s%n", outcomes.size(), counts(outcomes, "label")));
        text.append("              matched by ").append(counts(outcomes, "matchedBy")).append(nl);
        text.append("Fed back      ").append(counts(outcomes.stream().filter(outcome -> outcome.has("feedback")).toList(), "feedback"))
                .append(" (upshift.feedback)").append(nl);
        text.append("Guardrails    opted out: ").append(accounts(outcomes, "unsubscribed")).append(nl);
        text.append("              complained (opted out, on the suppression list): ").append(accounts(outcomes, "complained")).append(nl);
        grouped(outcomes, "pausedUntil", outcome -> "paused until " + day(outcome, "pausedUntil") + " (" + outcome.get("label").asText() + ")")
                .forEach((what, accounts) -> text.append("              ").append(what).append(": ").append(accounts).append(nl));
        text.append("              contact bounced, no mail until a new contact: ").append(accounts(outcomes, "bounced")).append(nl);
        grouped(outcomes, "returnsAt", outcome -> "out of office, silence counts only from " + day(outcome, "noResponseAt"))
                .forEach((what, accounts) -> text.append("              ").append(what).append(": ").append(accounts).append(nl));
        Map<String, Long> sent = agentMails.stream().collect(Collectors.groupingBy(ReplySummary::kindOf, TreeMap::new, Collectors.counting()));
        text.append("Agent sent    ").append(sent.entrySet().stream().map(entry -> entry.getValue() + " " + entry.getKey())
                .collect(Collectors.joining(", ")));
        return text.toString();
    }

    /** The accounts of the outcomes that have {@code field}, by what it says about them. */
    private static Map<String, String> grouped(List<JsonNode> outcomes, String field, Function<JsonNode, String> what) {
        return outcomes.stream().filter(outcome -> outcome.has(field)).collect(Collectors.groupingBy(what, TreeMap::new,
                Collectors.mapping(outcome -> outcome.get("accountId").asText(), Collectors.collectingAndThen(
                        Collectors.toCollection(TreeSet::new), accounts -> String.join(", ", accounts)))));
    }

    private static String day(JsonNode outcome, String field) {
        String instant = outcome.path(field).asText("");
        return instant.length() >= 10 ? instant.substring(0, 10) : "?";
    }

    /** A question's hand-off as its owner received it, to show what "full context" means. */
    static Optional<MimeMessage> sampleHandOff(List<MimeMessage> agentMails) {
        return agentMails.stream().filter(message -> subject(message).startsWith("[Upshift] Question"))
                .filter(message -> MailSummary.render(message).contains("(question, matched")).findFirst();
    }

    private static String kindOf(MimeMessage message) {
        String subject = subject(message);
        return MAIL_KINDS.entrySet().stream().filter(kind -> subject.startsWith(kind.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse("other mails");
    }

    private static String accounts(List<JsonNode> outcomes, String feedback) {
        TreeSet<String> accounts = outcomes.stream().filter(outcome -> feedback.equals(outcome.path("feedback").asText()))
                .map(outcome -> outcome.get("accountId").asText()).collect(Collectors.toCollection(TreeSet::new));
        return accounts.isEmpty() ? "none" : String.join(", ", accounts);
    }

    private static String counts(List<JsonNode> outcomes, String field) {
        Map<String, Long> counts = outcomes.stream().collect(Collectors.groupingBy(outcome -> outcome.path(field).asText("none"),
                TreeMap::new, Collectors.counting()));
        return counts.entrySet().stream().map(entry -> entry.getKey() + " " + entry.getValue()).collect(Collectors.joining(", "));
    }

    private static String subject(MimeMessage message) {
        try {
            return String.valueOf(message.getSubject());
        } catch (MessagingException e) {
            throw new IllegalStateException("cannot read a received mail", e);
        }
    }
}
