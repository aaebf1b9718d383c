package dev.upshift.jobs.runtime.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshift.common.config.Delivery;
import dev.upshift.common.json.Json;
import java.io.IOException;
import java.io.InterruptedIOException;
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
 * A client of an OpenAI-compatible Chat Completions endpoint that asks for structured output and returns the
 * JSON object the model answered with. Failed calls are retried inside the time budget; consecutive failures
 * open a circuit breaker, so a dead endpoint costs nothing. Every failure carries a reason code for the audit.
 */
public final class ChatCompletions implements AutoCloseable {
    public static final String TIMEOUT = "timeout";
    public static final String HTTP_ERROR = "http_error";
    public static final String UNREACHABLE = "unreachable";
    public static final String MALFORMED = "malformed_response";
    public static final String CIRCUIT_OPEN = "circuit_open";

    private static final MediaType JSON = MediaType.get("application/json");

    /** Why the model gave no usable answer. */
    public static final class Failure extends Exception {
        private final String reason;

        public Failure(String reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    private final OkHttpClient client;
    private final Delivery.Llm llm;
    private final String apiKey;
    private final CircuitBreaker breaker;

    public ChatCompletions(Delivery.Llm llm, String apiKey) {
        this.llm = llm;
        this.apiKey = apiKey;
        Duration perAttempt = llm.timeout().dividedBy(llm.retries() + 1);
        this.client = new OkHttpClient.Builder().callTimeout(perAttempt).retryOnConnectionFailure(false).build();
        this.breaker = new CircuitBreaker(llm.breakerFailures(), llm.breakerOpenFor(), System::currentTimeMillis);
    }

    /** Flink async I/O's deadline for a call: past the client's own budget, so the client's failure (with its reason) comes first. */
    public static long asyncDeadlineMillis(Delivery.Llm llm) {
        return llm.timeout().toMillis() + 2_000;
    }

    public String model() {
        return llm.model();
    }

    /**
     * A request with the system and user messages and a JSON schema the answer must follow.
     *
     * @param schemaName names the structured output, e.g. email_draft
     */
    public ObjectNode request(String system, String user, String schemaName, ObjectNode schema) {
        ObjectNode request = Json.MAPPER.createObjectNode();
        request.put("model", llm.model());
        request.put("temperature", 0.2);
        request.putArray("messages").add(message("system", system)).add(message("user", user));
        ObjectNode format = request.putObject("response_format");
        format.put("type", "json_schema");
        ObjectNode jsonSchema = format.putObject("json_schema");
        jsonSchema.put("name", schemaName);
        jsonSchema.put("strict", true);
        jsonSchema.set("schema", schema);
        return request;
    }

    /** The JSON object in {@code choices[0].message.content}, or a {@link Failure}. */
    public CompletableFuture<JsonNode> complete(ObjectNode request) {
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        if (!breaker.allowsCall()) {
            result.completeExceptionally(new Failure(CIRCUIT_OPEN, "the endpoint failed " + llm.breakerFailures()
                    + " times in a row; it is skipped for " + llm.breakerOpenFor()));
            return result;
        }
        attempt(httpRequest(request), llm.retries(), result);
        return result;
    }

    private void attempt(Request request, int retriesLeft, CompletableFuture<JsonNode> result) {
        client.newCall(request).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                retryOrFail(new Failure(e instanceof InterruptedIOException ? TIMEOUT : UNREACHABLE,
                        e.getClass().getSimpleName() + ": " + e.getMessage()));
            }

            @Override
            public void onResponse(Call call, Response response) {
                try (ResponseBody body = response.body()) {
                    if (!response.isSuccessful()) {
                        retryOrFail(new Failure(HTTP_ERROR, "HTTP " + response.code()));
                        return;
                    }
                    JsonNode answer = content(body.string());
                    breaker.succeeded();
                    result.complete(answer);
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

    private Request httpRequest(ObjectNode request) {
        Request.Builder http = new Request.Builder()
                .url(llm.baseUrl().replaceAll("/+$", "") + "/chat/completions")
                .post(RequestBody.create(Json.toText(request), JSON));
        if (apiKey != null && !apiKey.isEmpty()) {
            http.header("Authorization", "Bearer " + apiKey);
        }
        return http.build();
    }

    /** {@code choices[0].message.content}, itself a JSON object. */
    static JsonNode content(String responseText) throws Failure {
        try {
            JsonNode content = Json.MAPPER.readTree(responseText).path("choices").path(0).path("message").path("content");
            if (!content.isTextual()) {
                throw new Failure(MALFORMED, "no choices[0].message.content in the response");
            }
            JsonNode answer = Json.MAPPER.readTree(content.asText());
            if (!answer.isObject()) {
                throw new Failure(MALFORMED, "the content is not a JSON object");
            }
            return answer;
        } catch (IOException e) {
            throw new Failure(MALFORMED, "not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static ObjectNode message(String role, String content) {
        return Json.MAPPER.createObjectNode().put("role", role).put("content", content);
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
