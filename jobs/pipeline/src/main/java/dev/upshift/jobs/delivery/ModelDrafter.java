package dev.upshift.jobs.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshift.common.json.Json;
import dev.upshift.common.mail.Draft;
import dev.upshift.common.mail.DraftFacts;
import dev.upshift.jobs.runtime.llm.ChatCompletions;
import java.util.concurrent.CompletableFuture;

/**
 * Drafts with the configured model, asking for structured output {@code {subject, body}}. The prompt holds only
 * this offer's facts: no other account's data, no address, no secret.
 */
final class ModelDrafter {
    static final String RULES = String.join("\n",
            "You write a short, personal email from a customer success manager to one customer.",
            "House rules:",
            "- Open with the problem the upgrade removes for them.",
            "- Quote the observed evidence exactly as given, including its figure.",
            "- Mention the plan or add-on and the price only in the last lines, using the price line exactly as given.",
            "- Do not invent prices, discounts or percentages; use only the ones in the facts.",
            "- No pressure and no false scarcity: no deadlines, no 'act now', no 'limited time'.",
            "- Close with: not yet is fine, and what to watch for.",
            "- End with the signature exactly as given.",
            "Answer with JSON only: {\"subject\": one line, \"body\": plain text}.");

    private final ChatCompletions chat;

    ModelDrafter(ChatCompletions chat) {
        this.chat = chat;
    }

    String model() {
        return chat.model();
    }

    CompletableFuture<Draft> draft(DraftFacts facts) {
        return chat.complete(request(facts)).thenCompose(ModelDrafter::toDraft);
    }

    ObjectNode request(DraftFacts facts) {
        ObjectNode context = Json.MAPPER.createObjectNode();
        context.put("playbook", facts.signal());
        facts.placeholders().forEach(context::put);
        context.put("figureToQuote", facts.evidence().figure());
        ObjectNode schema = Json.MAPPER.createObjectNode();
        schema.put("type", "object");
        schema.putObject("properties").<ObjectNode>set("subject", Json.MAPPER.createObjectNode().put("type", "string"))
                .set("body", Json.MAPPER.createObjectNode().put("type", "string"));
        schema.putArray("required").add("subject").add("body");
        schema.put("additionalProperties", false);
        return chat.request(RULES, Json.toText(context), "email_draft", schema);
    }

    private static CompletableFuture<Draft> toDraft(JsonNode answer) {
        if (!answer.path("subject").isTextual() || !answer.path("body").isTextual()) {
            return CompletableFuture.failedFuture(new ChatCompletions.Failure(ChatCompletions.MALFORMED,
                    "the content is not {subject, body} with two strings"));
        }
        return CompletableFuture.completedFuture(new Draft(answer.get("subject").asText(), answer.get("body").asText()));
    }
}
