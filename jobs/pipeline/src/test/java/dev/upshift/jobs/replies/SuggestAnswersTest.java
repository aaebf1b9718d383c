package dev.upshift.jobs.replies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upshift.common.config.Delivery;
import dev.upshift.common.json.Json;
import dev.upshift.common.mail.MailKeys;
import dev.upshift.common.model.MailDraft;
import dev.upshift.common.model.OfferDecision;
import dev.upshift.jobs.CollectingResultFuture;
import dev.upshift.jobs.runtime.llm.ChatResponses;
import java.time.Duration;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Suggested answers in hand-offs, against a real local HTTP server standing in for the model. */
class SuggestAnswersTest {
    private MockWebServer server;
    private SuggestAnswers suggesting;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        System.setProperty("UPSHIFT_TEST_LLM_KEY", "test-key");
        suggesting = new SuggestAnswers(new Delivery.Llm(true, server.url("/v1").toString(), "upshift-test-model", "UPSHIFT_TEST_LLM_KEY",
                Duration.ofSeconds(2), 4, 0, 5, Duration.ofMinutes(1)));
        suggesting.open(null);
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    @Test
    void aHandOffEndsWithTheModelsSuggestionAskedForFromTheOffersFactsAndTheQuestionOnly() throws Exception {
        server.enqueue(ChatResponses.completion("{\"answer\": \"You would pay the difference for the rest of the term, pro rata.\"}"));

        MailDraft mail = invoke(handOff());

        assertThat(mail.body).isEqualTo("The contact at acme asked a question.\n\n"
                + "Suggested answer (drafted by upshift-test-model from the offer's facts; check it before you send it):\n"
                + "You would pay the difference for the rest of the term, pro rata.");
        RecordedRequest request = server.takeRequest();
        String user = Json.MAPPER.readTree(request.getBody().readUtf8()).at("/messages/1/content").asText();
        assertThat(Json.MAPPER.readTree(user)).isEqualTo(Json.MAPPER.readTree("""
                {"signal":"limit_pressure","offerKind":"upsell","currentPlan":"starter","offeredPlanOrAddOn":"team",
                 "customerQuestion":"How does billing work if we upgrade mid-contract?"}"""));
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer test-key");
    }

    @Test
    void withoutAUsableAnswerTheHandOffSaysWhyAndGoesOutAnyway() throws Exception {
        server.enqueue(ChatResponses.completion("{\"answer\": \"\"}"));
        assertThat(invoke(handOff()).body).endsWith("No suggested answer: the model did not give one (malformed_response).");
        server.enqueue(new MockResponse().setResponseCode(500));
        assertThat(invoke(handOff()).body).endsWith("No suggested answer: the model did not give one (http_error).");
    }

    @Test
    void everyOtherMailPassesUntouchedWithoutAsking() throws Exception {
        MailDraft booking = handOff();
        booking.mailId = MailKeys.followUpId("o1", "send_booking_link", "<q@acme.example>");
        assertThat(invoke(booking).body).isEqualTo("The contact at acme asked a question.");
        assertThat(server.getRequestCount()).isZero();
    }

    private MailDraft invoke(MailDraft mail) throws Exception {
        CollectingResultFuture<MailDraft> result = new CollectingResultFuture<>();
        suggesting.asyncInvoke(mail, result);
        return result.single();
    }

    private static MailDraft handOff() {
        OfferDecision offer = new OfferDecision();
        offer.offerId = "o1";
        offer.signal = "limit_pressure";
        offer.kind = "upsell";
        offer.currentPlan = "starter";
        offer.target = "team";
        MailDraft mail = new MailDraft();
        mail.kind = MailDraft.NOTICE;
        mail.offerId = "o1";
        mail.mailId = MailKeys.followUpId("o1", "hand_to_owner", "<q@acme.example>");
        mail.decision = offer;
        mail.recipient = "csm-ada@owners.example";
        mail.replyText = "How does billing work if we upgrade mid-contract?";
        mail.body = "The contact at acme asked a question.";
        return mail;
    }
}
