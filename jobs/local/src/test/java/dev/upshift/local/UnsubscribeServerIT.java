package dev.upshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upshift.common.config.ConfigLoader;
import dev.upshift.common.config.Delivery;
import dev.upshift.common.json.InputParser;
import dev.upshift.common.json.Json;
import dev.upshift.common.mail.UnsubscribeLinks;
import dev.upshift.common.model.SourceRef;
import dev.upshift.jobs.unsubscribe.KafkaUnsubscribes;
import dev.upshift.jobs.unsubscribe.UnsubscribeService;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The one-click unsubscribe endpoint, over real HTTP, writing to a real broker: a provider's one-click POST
 * records the opt-out once and answers 200 without a redirect; a click (GET) only shows a confirmation page; a
 * forged, damaged or expired link, or a malformed request, is refused with a clear status and writes nothing; a
 * multipart form works; slow clients do not hold the server; and with Kafka down the answer is a 503 to retry, and
 * the opt-out is recorded once when it is back.
 */
class UnsubscribeServerIT {
    private static final String FEEDBACK = "unsubscribe-it.feedback";
    private static final Instant NOW = Instant.parse("2026-01-20T12:00:00Z");
    private static final long ISSUED = Instant.parse("2026-01-15T10:00:00Z").toEpochMilli();

    private static EmbeddedKafka kafka;
    private static KafkaUnsubscribes outcomes;
    private static UnsubscribeService service;
    private static UnsubscribeLinks links;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(1, List.of(FEEDBACK), List.of());
        Delivery.Unsubscribe settings = ConfigLoader.defaults().delivery().unsubscribe();
        links = new UnsubscribeLinks(settings.url(), settings.mailto(), "the secret of this test".getBytes(StandardCharsets.UTF_8));
        outcomes = new KafkaUnsubscribes(kafka.bootstrapServers(), FEEDBACK);
        service = new UnsubscribeService(new InetSocketAddress("127.0.0.1", 0), settings, links, outcomes, Clock.fixed(NOW, ZoneOffset.UTC));
        service.start();
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
        outcomes.close();
        kafka.close();
    }

    @Test
    void aOneClickPostRecordsTheOptOutOnceAndAClickOnlyAsks() throws Exception {
        String token = links.token("acme", "offer-1", ISSUED);

        HttpResponse<String> page = http.send(get(token), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<form method=\"post\" action=\"?token=" + token + "\">")
                .contains("name=\"List-Unsubscribe\" value=\"One-Click\"");
        assertThat(feedback()).noneMatch(line -> line.contains("offer-1"));

        HttpResponse<String> unsubscribed = http.send(oneClick(token, "List-Unsubscribe=One-Click"), HttpResponse.BodyHandlers.ofString());
        assertThat(unsubscribed.statusCode()).isEqualTo(200);
        assertThat(unsubscribed.headers().firstValue("Location")).isEmpty();
        assertThat(unsubscribed.body()).contains("You are unsubscribed");
        assertThat(http.send(oneClick(token, "List-Unsubscribe=One-Click"), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

        List<String> written = feedback().stream().filter(line -> line.contains("offer-1")).toList();
        assertThat(written).hasSize(1);
        JsonNode outcome = Json.MAPPER.readTree(written.get(0));
        assertThat(outcome.toString()).isEqualTo("{\"feedbackId\":\"unsubscribe:offer-1\",\"accountId\":\"acme\",\"offerId\":\"offer-1\","
                + "\"outcome\":\"unsubscribed\",\"occurredAt\":\"2026-01-20T12:00:00Z\"}");
        assertThat(new InputParser(ConfigLoader.defaults()).parseFeedback("acme",
                written.get(0).getBytes(StandardCharsets.UTF_8), SourceRef.file("feedback", 1)).feedback.outcome).isEqualTo("unsubscribed");
    }

    @Test
    void badLinksAreRefusedClearlyAndWriteNothing() throws Exception {
        String token = links.token("globex", "offer-2", ISSUED);
        String[] parts = token.split("\\.");
        String forged = links.token("initech", "offer-2", ISSUED).split("\\.")[0] + "." + parts[1] + "." + parts[2] + "." + parts[3];
        String expired = links.token("globex", "offer-2", ISSUED - Duration.ofDays(400).toMillis());

        assertThat(status(oneClick(forged, "List-Unsubscribe=One-Click"))).isEqualTo(403);
        assertThat(status(oneClick("garbage", "List-Unsubscribe=One-Click"))).isEqualTo(400);
        assertThat(status(oneClick(null, "List-Unsubscribe=One-Click"))).isEqualTo(400);
        HttpResponse<String> old = http.send(oneClick(expired, "List-Unsubscribe=One-Click"), HttpResponse.BodyHandlers.ofString());
        assertThat(old.statusCode()).isEqualTo(410);
        assertThat(old.body()).contains("This link has expired");
        assertThat(status(oneClick(token, "unsubscribe=please"))).isEqualTo(400);
        assertThat(feedback()).noneMatch(line -> line.contains("offer-2"));
    }

    @Test
    void aMultipartFormPostAsRfc8058AllowsIsAOneClick() throws Exception {
        String token = links.token("hooli", "offer-3", ISSUED);
        String boundary = "----upshift-test-boundary";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--" + boundary + "--\r\n";
        HttpRequest multipart = HttpRequest.newBuilder(url(token)).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();

        assertThat(status(multipart)).isEqualTo(200);
        assertThat(feedback()).filteredOn(line -> line.contains("offer-3")).hasSize(1);
    }

    @Test
    void malformedRequestsGetA400AndWriteNothing() throws Exception {
        String token = links.token("umbrella", "offer-4", ISSUED);
        assertThat(rawStatusLine("GET /unsubscribe?token=%zz HTTP/1.1")).startsWith("HTTP/1.1 400 ");
        assertThat(status(oneClick(token, "List-Unsubscribe=One-Click%E0%A4%A"))).isEqualTo(400);
        HttpRequest brokenMultipart = HttpRequest.newBuilder(url(token)).header("Content-Type", "multipart/form-data; boundary=missing")
                .POST(HttpRequest.BodyPublishers.ofString("no parts here")).build();
        assertThat(status(brokenMultipart)).isEqualTo(400);
        assertThat(feedback()).noneMatch(line -> line.contains("offer-4"));
    }

    @Test
    void aFifthRequestIsAnsweredWhileFourClientsTrickleTheirs() throws Exception {
        String token = links.token("stark", "offer-5", ISSUED);
        List<Socket> tricklers = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                Socket socket = new Socket("127.0.0.1", service.port());
                socket.getOutputStream().write(("POST /unsubscribe?token=" + token + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nList-")
                        .getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                tricklers.add(socket);
            }
            long started = System.nanoTime();
            assertThat(status(oneClick(token, "List-Unsubscribe=One-Click"))).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("not queued behind the slow clients")
                    .isLessThan(Duration.ofSeconds(5));
        } finally {
            for (Socket socket : tricklers) {
                socket.close();
            }
        }
        assertThat(feedback()).filteredOn(line -> line.contains("offer-5")).hasSize(1);
    }

    @Test
    void withKafkaDownTheOptOutIsRefusedWithA503ThenRecordedOnceWhenItIsBack() throws Exception {
        int port = EmbeddedKafka.freePort();
        Delivery.Unsubscribe settings = ConfigLoader.defaults().delivery().unsubscribe();
        String token = links.token("wayne", "offer-6", ISSUED);
        try (KafkaUnsubscribes unreachable = new KafkaUnsubscribes("127.0.0.1:" + port, FEEDBACK);
                UnsubscribeService alone = new UnsubscribeService(new InetSocketAddress("127.0.0.1", 0), settings, links, unreachable,
                        Clock.fixed(NOW, ZoneOffset.UTC))) {
            alone.start();
            URI link = URI.create("http://127.0.0.1:" + alone.port() + "/unsubscribe?token=" + token);
            HttpRequest post = HttpRequest.newBuilder(link).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build();

            HttpResponse<String> refused = http.send(post, HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).contains("60");
            assertThat(refused.body()).contains("Please try again in a minute");

            try (EmbeddedKafka back = EmbeddedKafka.start(port)) {
                back.createTopics(1, List.of(FEEDBACK), List.of());
                assertThat(http.send(post, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
                assertThat(http.send(post, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
                assertThat(new KafkaTopics(back.bootstrapServers()).readValues(FEEDBACK)).singleElement()
                        .satisfies(line -> assertThat(line).contains("\"offerId\":\"offer-6\""));
            }
        }
    }

    /** Sends a request line no HTTP client would, and returns the status line of the answer. */
    private static String rawStatusLine(String requestLine) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", service.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((requestLine + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).lines().findFirst().orElse("");
        }
    }

    private int status(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static HttpRequest get(String token) {
        return HttpRequest.newBuilder(url(token)).GET().build();
    }

    private static HttpRequest oneClick(String token, String body) {
        return HttpRequest.newBuilder(url(token)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static URI url(String token) {
        return URI.create("http://127.0.0.1:" + service.port() + "/unsubscribe" + (token == null ? "" : "?token=" + token));
    }

    private static List<String> feedback() {
        return new KafkaTopics(kafka.bootstrapServers()).readValues(FEEDBACK);
    }
}
