package dev.upshift.jobs.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshift.common.config.Delivery;
import dev.upshift.common.json.Json;
import dev.upshift.common.mail.Draft;
import dev.upshift.common.mail.DraftFacts;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Drafts with an OpenAI-compatible Chat Completions endpoint, asking for structured output {@code {subject, body}}.
 * The prompt holds only this offer's facts: no other account's data, no address, no secret. Failed calls are
 * retried inside the time budget; consecutive failures open a circuit breaker so a dead endpoint costs nothing.
 */
final class ModelDrafter implements AutoCloseable {
    static final String TIMEOUT = "timeout";
    static final String HTTP_ERROR = "http_error";
    static final String UNREACHABLE = "unreachable";
    static final String MALFORMED = "malformed_response";
    static final String CIRCUIT_OPEN = "circuit_open";

    private static final MediaType JSON = MediaType.get("application/json");

    /** Why the model produced no usable draft. */
    static final class Failure extends Exception {
        final String reason;

        Failure(String reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }
    }

    private final OkHttpClient client;
    private final Delivery.Llm llm;
    private final String apiKey;
    private final CircuitBreaker breaker;

    ModelDrafter(Delivery.Llm llm, String apiKey) {
        this.llm = llm;
        this.apiKey = apiKey;
        Duration perAttempt = llm.timeout().dividedBy(llm.retries() + 1);
        this.client = new OkHttpClient.Builder().callTimeout(perAttempt).retryOnConnectionFailure(false).build();
        this.breaker = new CircuitBreaker(llm.breakerFailures(), llm.breakerOpenFor(), System::currentTimeMillis);
    }

    String model() {
        return llm.model();
    }

    CompletableFuture<Draft> draft(DraftFacts facts) {
        CompletableFuture<Draft> result = new CompletableFuture<>();
        if (!breaker.allowsCall()) {
            result.completeExceptionally(new Failure(CIRCUIT_OPEN, "the endpoint failed " + llm.breakerFailures()
                    + " times in a row; drafts use the template for " + llm.breakerOpenFor()));
            return result;
        }
        attempt(request(facts), llm.retries(), result);
        return result;
    }

    private void attempt(Request request, int retriesLeft, CompletableFuture<Draft> result) {
        client.newCall(request).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                boolean timedOut = e instanceof java.io.InterruptedIOException;
                retryOrFail(new Failure(timedOut ? TIMEOUT : UNREACHABLE, e.getClass().getSimpleName() + ": " + e.getMessage()));
            }

            @Override
            public void onResponse(Call call, Response response) {
                try (ResponseBody body = response.body()) {
                    if (!response.isSuccessful()) {
                        retryOrFail(new Failure(HTTP_ERROR, "HTTP " + response.code()));
                        return;
                    }
                    Draft draft = parse(body.string());
                    breaker.succeeded();
                    result.complete(draft);
                } catch (Failure failure) {
                    breaker.failed();
                    result.completeExceptionally(failure);
                } catch (IOException e) {
                    retryOrFail(new Failure(TIMEOUT, "reading the response: " + e.getMessage()));
                }
            }

            private void retryOrFail(Failure failure) {
                if (retriesLeft > 0 && !result.isDone()) {
                    attempt(request, retriesLeft - 1, result);
                } else {
                    breaker.failed();
                    result.completeExceptionally(failure);
                }
            }
        });
    }

    private Request request(DraftFacts facts) {
        Request.Builder request = new Request.Builder()
                .url(llm.baseUrl().replaceAll("/+$", "") + "/chat/completions")
                .post(RequestBody.create(Json.toText(ModelPrompt.of(llm.model(), facts)), JSON));
        if (apiKey != null && !apiKey.isEmpty()) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        return request.build();
    }

    /** {@code choices[0].message.content}, itself JSON with a string subject and body. */
    static Draft parse(String responseText) throws Failure {
        try {
            JsonNode content = Json.MAPPER.readTree(responseText).path("choices").path(0).path("message").path("content");
            if (!content.isTextual()) {
                throw new Failure(MALFORMED, "no choices[0].message.content in the response");
            }
            JsonNode draft = Json.MAPPER.readTree(content.asText());
            if (!draft.path("subject").isTextual() || !draft.path("body").isTextual()) {
                throw new Failure(MALFORMED, "the content is not {subject, body} with two strings");
            }
            return new Draft(draft.get("subject").asText(), draft.get("body").asText());
        } catch (IOException e) {
            throw new Failure(MALFORMED, "not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    /** The Chat Completions request: house rules as the system message, this offer's facts as the user message. */
    static final class ModelPrompt {
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

        private ModelPrompt() {}

        static ObjectNode of(String model, DraftFacts facts) {
            ObjectNode request = Json.MAPPER.createObjectNode();
            request.put("model", model);
            request.put("temperature", 0.3);
            ArrayNode messages = request.putArray("messages");
            messages.addObject().put("role", "system").put("content", RULES);
            ObjectNode context = Json.MAPPER.createObjectNode();
            context.put("playbook", facts.signal());
            facts.placeholders().forEach(context::put);
            context.put("figureToQuote", facts.evidence().figure());
            messages.addObject().put("role", "user").put("content", Json.toText(context));
            ObjectNode format = request.putObject("response_format");
            format.put("type", "json_schema");
            ObjectNode schema = format.putObject("json_schema");
            schema.put("name", "email_draft");
            schema.put("strict", true);
            ObjectNode body = schema.putObject("schema");
            body.put("type", "object");
            body.putObject("properties").<ObjectNode>set("subject", Json.MAPPER.createObjectNode().put("type", "string"))
                    .set("body", Json.MAPPER.createObjectNode().put("type", "string"));
            body.putArray("required").add("subject").add("body");
            body.put("additionalProperties", false);
            return request;
        }
    }
}
