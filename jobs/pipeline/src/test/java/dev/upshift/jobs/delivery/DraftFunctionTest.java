package dev.upshift.jobs.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upshift.common.config.ConfigLoader;
import dev.upshift.common.config.Delivery;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.json.Json;
import dev.upshift.common.mail.DraftCheck;
import dev.upshift.common.model.MailDraft;
import dev.upshift.jobs.CollectingResultFuture;
import dev.upshift.jobs.runtime.llm.ChatCompletions;
import dev.upshift.jobs.runtime.llm.ChatResponses;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.apache.flink.streaming.util.MockStreamingRuntimeContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drafting function against a real local HTTP server standing in for an OpenAI-compatible endpoint: a good
 * draft is used, and every failure mode falls back to the template with its reason.
 */
class DraftFunctionTest {
    private static final String GOOD_BODY = "Hi Grace,\\n\\nStorage fills up and uploads start failing. You have used 96% of your "
            + "10 GB of storage, so it may be close.\\n\\nNot yet is fine; watch for failed uploads.\\n\\n"
            + "Team is $179.10 a month with your 10% discount.\\n\\nDana";

    @TempDir
    Path temp;

    private MockWebServer server;
    private DraftFunction function;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (function != null) {
            function.close();
        }
        server.shutdown();
    }

    @Test
    void aGoodModelDraftIsUsedAndThePromptHoldsOnlyThisOffersFacts() throws Exception {
        server.enqueue(ChatResponses.completion("{\"subject\": \"Room to grow on Acme's plan\", \"body\": \"" + GOOD_BODY + "\"}"));
        MailDraft draft = draft(0);

        assertThat(draft.drafter).isEqualTo(MailDraft.MODEL);
        assertThat(draft.drafterVersion).isEqualTo("upshift-test-model");
        assertThat(draft.fallbackReason).isNull();
        assertThat(draft.subject).isEqualTo("Room to grow on Acme's plan");
        assertThat(draft.body).isEqualTo(GOOD_BODY.replace("\\n", "\n"));

        RecordedRequest request = server.takeRequest();
        assertThat(request.getPath()).isEqualTo("/v1/chat/completions");
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer test-key");
        JsonNode sent = Json.MAPPER.readTree(request.getBody().readUtf8());
        assertThat(sent.get("model").asText()).isEqualTo("upshift-test-model");
        assertThat(sent.at("/response_format/json_schema/schema/required").toString()).isEqualTo("[\"subject\",\"body\"]");
        JsonNode facts = Json.MAPPER.readTree(sent.at("/messages/1/content").asText());
        assertThat(facts.get("evidence").asText()).isEqualTo("you have used 96% of your 10 GB of storage");
        assertThat(facts.get("priceLine").asText()).isEqualTo("Team is $179.10 a month with your 10% discount.");
        assertThat(sent.toString()).doesNotContain("grace@acme.example", "other-account");
    }

    @Test
    void anInventedPriceFallsBackToTheTemplate() throws Exception {
        server.enqueue(ChatResponses.completion("{\"subject\": \"Room to grow\", \"body\": \"" + GOOD_BODY.replace("$179.10", "$99.00") + "\"}"));
        assertFellBack(draft(0), DraftCheck.INVENTED_PRICE, "a price the offer does not carry: $99.00; allowed: [199.00, 179.10]");
    }

    @Test
    void aDraftWithoutTheMetricFallsBackToTheTemplate() throws Exception {
        server.enqueue(ChatResponses.completion("{\"subject\": \"Room to grow\", \"body\": \"" + GOOD_BODY.replace("96%", "almost all") + "\"}"));
        assertFellBack(draft(0), DraftCheck.MISSING_METRIC, "the draft does not quote the evidence: 96%");
    }

    @Test
    void malformedJsonFallsBackToTheTemplate() throws Exception {
        server.enqueue(ChatResponses.completion("Sure! Here is your email: Dear Grace"));
        assertFellBack(draft(0), ChatCompletions.MALFORMED, "not JSON: Unrecognized token 'Sure': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')");
    }

    @Test
    void aServerErrorIsRetriedThenFallsBackToTheTemplate() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(500));
        server.enqueue(new MockResponse().setResponseCode(500));
        assertFellBack(draft(1), ChatCompletions.HTTP_ERROR, "HTTP 500");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void aHangPastTheTimeoutFallsBackToTheTemplate() throws Exception {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        assertFellBack(draft(0), ChatCompletions.TIMEOUT, "InterruptedIOException: timeout");
    }

    @Test
    void anOpenCircuitBreakerSkipsTheEndpoint() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(503));
        server.enqueue(new MockResponse().setResponseCode(503));
        function = function(0, 2);
        assertFellBack(invoke(function), ChatCompletions.HTTP_ERROR, "HTTP 503");
        assertFellBack(invoke(function), ChatCompletions.HTTP_ERROR, "HTTP 503");

        MailDraft third = invoke(function);
        assertThat(third.fallbackReason).isEqualTo(ChatCompletions.CIRCUIT_OPEN);
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void anOfferWhoseOwnerHasNoAgentIdentityIsMarkedUndeliverableWithoutCallingTheModel() throws Exception {
        function = function(0, 5);
        CollectingResultFuture<MailDraft> result = new CollectingResultFuture<>();
        MailDraft request = MailFixtures.offerRequest();
        request.ownerId = "csm-nobody";
        function.asyncInvoke(request, result);

        MailDraft draft = result.single();
        assertThat(draft.undeliverable).isEqualTo("owner csm-nobody has no agent identity in delivery.identities");
        assertThat(draft.body).isNull();
        assertThat(server.getRequestCount()).isZero();
    }

    private void assertFellBack(MailDraft draft, String reason, String detail) {
        assertThat(draft.drafter).isEqualTo(MailDraft.TEMPLATE);
        assertThat(draft.drafterVersion).startsWith("templates:bundled@");
        assertThat(draft.fallbackReason).isEqualTo(reason);
        assertThat(draft.fallbackDetail).isEqualTo(detail);
        assertThat(draft.subject).isEqualTo("Room to grow on Acme's plan");
        assertThat(draft.body).startsWith("Hi Grace Hopper,\n\nWhen a plan limit gets close").contains("you have used 96% of your 10 GB of storage")
                .contains("Team is $179.10 a month with your 10% discount.");
    }

    private MailDraft draft(int retries) throws Exception {
        function = function(retries, 5);
        return invoke(function);
    }

    private DraftFunction function(int retries, int breakerFailures) throws Exception {
        System.setProperty("UPSHIFT_TEST_LLM_KEY", "test-key");
        UpshiftConfig defaults = ConfigLoader.defaults();
        Delivery d = defaults.delivery();
        Delivery delivery = new Delivery(true, d.locale(), d.currency(), d.metricNames(), d.templates(), d.review(), d.sendWindow(),
                d.smtp(), d.unsubscribe(),
                new Delivery.Llm(true, server.url("/v1/").toString(), "upshift-test-model", "UPSHIFT_TEST_LLM_KEY",
                        Duration.ofSeconds(1), 4, retries, breakerFailures, Duration.ofMinutes(5)),
                d.replies(),
                Map.of("csm-ada", new MailFixtures(temp).identity("csm-ada")));
        DraftFunction drafting = new DraftFunction(defaults.withDelivery(delivery));
        drafting.setRuntimeContext(new MockStreamingRuntimeContext(1, 0));
        drafting.open(null);
        return drafting;
    }

    private static MailDraft invoke(DraftFunction function) throws Exception {
        CollectingResultFuture<MailDraft> result = new CollectingResultFuture<>();
        function.asyncInvoke(MailFixtures.offerRequest(), result);
        return result.single();
    }
}
