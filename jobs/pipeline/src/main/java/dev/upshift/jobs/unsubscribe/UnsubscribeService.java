package dev.upshift.jobs.unsubscribe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.upshift.common.config.Delivery;
import dev.upshift.common.mail.UnsubscribeLinks;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * The RFC 8058 one-click unsubscribe endpoint, on the JDK's built-in HTTP server. A {@code POST} carrying
 * {@code List-Unsubscribe=One-Click} (what mailbox providers send) or the confirmation form records the opt-out
 * and answers 200, without a redirect; a {@code GET} (what a person's click, or a link scanner, sends) only shows a
 * confirmation page. A forged, damaged or expired token writes nothing. Repeats are answered alike and written
 * once per process; the outcome's id is derived from the offer, so downstream sees at most one per offer.
 */
public final class UnsubscribeService implements AutoCloseable {
    static final String ONE_CLICK = "List-Unsubscribe=One-Click";
    private static final int REMEMBERED = 100_000;

    /** Where a verified opt-out goes. */
    public interface Outcomes {
        void unsubscribed(UnsubscribeLinks.Verified who, long at) throws IOException;
    }

    private final HttpServer server;
    private final UnsubscribeLinks links;
    private final Delivery.Unsubscribe settings;
    private final Outcomes outcomes;
    private final Clock clock;
    private final Set<String> written = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });

    public UnsubscribeService(InetSocketAddress address, Delivery.Unsubscribe settings, UnsubscribeLinks links, Outcomes outcomes,
            Clock clock) throws IOException {
        this.settings = settings;
        this.links = links;
        this.outcomes = outcomes;
        this.clock = clock;
        this.server = HttpServer.create(address, 0);
        server.createContext(URI.create(settings.url()).getPath(), this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String token = queryParameter(exchange.getRequestURI().getRawQuery(), "token");
            UnsubscribeLinks.Verdict verdict = links.verify(token, clock.millis(), settings.tokenTtl());
            if (verdict.refusal() != null) {
                refuse(exchange, verdict.refusal());
                return;
            }
            switch (exchange.getRequestMethod()) {
                case "POST" -> unsubscribe(exchange, verdict.verified());
                case "GET", "HEAD" -> respond(exchange, 200, Pages.confirm(token));
                default -> {
                    exchange.getResponseHeaders().set("Allow", "GET, POST");
                    respond(exchange, 405, Pages.message("Method not allowed", "Use the link in the email."));
                }
            }
        }
    }

    private void unsubscribe(HttpExchange exchange, UnsubscribeLinks.Verified who) throws IOException {
        if (!readBody(exchange.getRequestBody()).contains(ONE_CLICK)) {
            respond(exchange, 400, Pages.message("Not a one-click request", "The request must carry " + ONE_CLICK + "."));
            return;
        }
        synchronized (written) {
            if (!written.contains(who.offerId())) {
                outcomes.unsubscribed(who, clock.millis());
                written.add(who.offerId());
            }
        }
        respond(exchange, 200, Pages.message("You are unsubscribed", "You will not get messages like this one again."));
    }

    private static void refuse(HttpExchange exchange, UnsubscribeLinks.Refusal refusal) throws IOException {
        if (refusal == UnsubscribeLinks.Refusal.EXPIRED) {
            respond(exchange, 410, Pages.message("This link has expired",
                    "Reply to the email with the word unsubscribe and we will stop writing to you."));
        } else {
            respond(exchange, refusal == UnsubscribeLinks.Refusal.FORGED ? 403 : 400,
                    Pages.message("This link is not valid", "Use the unsubscribe link from the email itself, or reply with the word unsubscribe."));
        }
    }

    private static void respond(HttpExchange exchange, int status, String html) throws IOException {
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            exchange.getResponseBody().write(body);
        }
    }

    private static String readBody(InputStream body) throws IOException {
        return URLDecoder.decode(new String(body.readNBytes(4096), StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    static String queryParameter(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).equals(name)) {
                return URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    @Override
    public void close() {
        server.stop(1);
    }
}
