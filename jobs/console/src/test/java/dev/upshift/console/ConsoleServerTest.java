package dev.upshift.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upshift.common.config.ConfigLoader;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sign-in, sessions and CSRF over real HTTP. Nothing here reaches Kafka: the feed and the approvals writer point at a
 * closed port and are never used by these requests.
 */
class ConsoleServerTest {
    private static final String PASSWORD = "a long enough password";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @TempDir
    Path dir;

    private ConsoleStore store;
    private TopicFeed feed;
    private ApprovalWriter approvals;
    private ConsoleServer server;
    private String base;

    @AfterEach
    void stop() throws Exception {
        server.close();
        feed.close();
        approvals.close();
        store.close();
    }

    @Test
    void aSessionEndsAfterItsIdleTime() throws Exception {
        start(Duration.ofSeconds(1), null);
        HttpClient browser = browser();
        assertThat(signIn(browser, "csm-a", PASSWORD).headers().firstValue("Location")).hasValue("/inbox");
        HttpResponse<String> inbox = get(browser, "/inbox", null);
        assertThat(inbox.statusCode()).isEqualTo(200);
        assertThat(inbox.body()).contains("csm-a (csm-a)");
        assertThat(inbox.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        Thread.sleep(2_100);
        assertThat(get(browser, "/inbox", null).headers().firstValue("Location")).hasValue("/login");
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSameAnswer() throws Exception {
        start(Duration.ofMinutes(5), null);
        HttpResponse<String> wrongPassword = signIn(browser(), "csm-a", "not the password");
        HttpResponse<String> unknownUser = signIn(browser(), "nobody", PASSWORD);
        assertThat(List.of(wrongPassword.statusCode(), unknownUser.statusCode())).containsExactly(401, 401);
        assertThat(wrongPassword.body()).contains("Unknown user or wrong password.");
        assertThat(unknownUser.body()).contains("Unknown user or wrong password.");
    }

    @Test
    void aPostWithoutTheSessionsTokenIsRefused() throws Exception {
        start(Duration.ofMinutes(5), null);
        HttpClient browser = browser();
        signIn(browser, "csm-a", PASSWORD);
        HttpResponse<String> forged = post(browser, "/drafts/any-offer", "action=approve&csrf=made-up");
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("security token is missing or stale");
        assertThat(post(browser(), "/login", "user=csm-a&password=x").statusCode()).isEqualTo(403);
    }

    @Test
    void behindAnOidcProxyTheHeaderNamesTheUserAndPasswordsAreOff() throws Exception {
        start(Duration.ofMinutes(5), "X-Forwarded-Preferred-Username");
        HttpResponse<String> vouched = get(browser(), "/inbox", "csm-oidc");
        assertThat(vouched.statusCode()).isEqualTo(200);
        assertThat(vouched.body()).contains("csm-oidc (csm-oidc)");
        assertThat(get(browser(), "/inbox", "stranger").headers().firstValue("Location")).hasValue("/login");
        assertThat(get(browser(), "/inbox", null).headers().firstValue("Location")).hasValue("/login");
        HttpResponse<String> signInPage = get(browser(), "/login", "stranger");
        assertThat(signInPage.statusCode()).isEqualTo(403);
        assertThat(signInPage.body()).contains("did not name a user of the console").doesNotContain("type=\"password\"");
        assertThat(signIn(browser(), "csm-a", PASSWORD).statusCode()).isEqualTo(403);
    }

    private void start(Duration sessionTimeout, String trustedHeader) throws Exception {
        Path users = dir.resolve("users.yaml");
        Users.writeFile(users, List.of("csm-a"), PASSWORD.toCharArray());
        Files.writeString(users, Files.readString(users) + "- id: csm-oidc\n  name: csm-oidc\n");
        store = new ConsoleStore();
        feed = new TopicFeed("127.0.0.1:1", ConfigLoader.defaults().topics(), store, Clock.systemUTC());
        approvals = new ApprovalWriter("127.0.0.1:1", "upshift.approvals");
        server = new ConsoleServer(ConfigLoader.defaults(), Users.load(users, Set.of()), store, feed, approvals, Clock.systemUTC(),
                sessionTimeout, Duration.ofDays(30), trustedHeader);
        base = "http://127.0.0.1:" + server.start("127.0.0.1", 0);
    }

    private static HttpClient browser() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    }

    private HttpResponse<String> signIn(HttpClient browser, String user, String password) throws Exception {
        Matcher token = CSRF.matcher(get(browser, "/login", null).body());
        String csrf = token.find() ? token.group(1) : "";
        return post(browser, "/login", "csrf=" + csrf + "&user=" + encode(user) + "&password=" + encode(password));
    }

    private HttpResponse<String> get(HttpClient browser, String path, String trustedUser) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        if (trustedUser != null) {
            request.header("X-Forwarded-Preferred-Username", trustedUser);
        }
        return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(HttpClient browser, String path, String form) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
