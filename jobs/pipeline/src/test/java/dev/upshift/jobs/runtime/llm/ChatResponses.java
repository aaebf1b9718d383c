package dev.upshift.jobs.runtime.llm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshift.common.json.Json;
import okhttp3.mockwebserver.MockResponse;

/** What an OpenAI-compatible Chat Completions endpoint answers, for the local HTTP server standing in for one. */
public final class ChatResponses {
    private ChatResponses() {}

    /** A completion whose first choice's message holds {@code content}. */
    public static MockResponse completion(String content) {
        ObjectNode response = Json.MAPPER.createObjectNode();
        response.putArray("choices").addObject().putObject("message").put("role", "assistant").put("content", content);
        return new MockResponse().setHeader("Content-Type", "application/json").setBody(Json.toText(response));
    }
}
