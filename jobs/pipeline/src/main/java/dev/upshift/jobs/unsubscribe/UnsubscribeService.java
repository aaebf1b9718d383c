package dev.upshift.jobs.unsubscribe;

import dev.upshift.common.config.Delivery;
import dev.upshift.common.mail.UnsubscribeLinks;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.ContentDisposition;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The RFC 8058 one-click unsubscribe endpoint, on Jetty. A {@code POST} carrying {@code List-Unsubscribe=One-Click}
 * (what mailbox providers send), form-encoded or as {@code multipart/form-data}, or the confirmation form, records
 * the opt-out and answers 200 once Kafka has acknowledged it, without a redirect; when it cannot be recorded, 503
 * with {@code Retry-After}, so the provider or the person tries again. A {@code GET} (a person's click, or a link
 * scanner) only shows a confirmation page. A forged, damaged or expired token, or a malformed request, writes
 * nothing. Every request has a read (idle) and a total time limit, so slow clients cannot hold the server. Repeats
 * are answered alike and written once per process; the outcome's id is derived from the offer, so downstream sees
 * at most one per offer.
 */
public final class UnsubscribeService implements AutoCloseable {
    static final String ONE_CLICK = "List-Unsubscribe=One-Click";
    private static final int REMEMBERED = 100_000;
    /** A one-click body is a few dozen bytes; a form a few hundred. */
    private static final int MAX_BODY_BYTES = 16 * 1024;
    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    static final Duration TOTAL_TIMEOUT = Duration.ofSeconds(30);
    static final int RETRY_AFTER_SECONDS = 60;

    /** Where a verified opt-out goes; returns only once it is durably recorded. */
    public interface Outcomes {
        void unsubscribed(UnsubscribeLinks.Verified who, long at) throws IOException;
    }

    private final Server server;
    private final ServerConnector connector;
    private final String path;
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
            Clock clock) {
        this.settings = settings;
        this.links = links;
        this.outcomes = outcomes;
        this.clock = clock;
        this.path = URI.create(settings.url()).getPath();
        this.server = new Server(new QueuedThreadPool(32, 4));
        this.connector = new ServerConnector(server);
        connector.setHost(address.getHostString());
        connector.setPort(address.getPort());
        connector.setIdleTimeout(READ_TIMEOUT.toMillis());
        server.addConnector(connector);
        // A blocking handler: Jetty calls it on a pool thread once the request head is in, never on a selector.
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                handleWithinLimit(request, response, callback);
                return true;
            }
        });
    }

    public void start() throws Exception {
        server.start();
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** Closes the connection of a request still running after the total limit: its blocked read then fails. */
    private void handleWithinLimit(Request request, Response response, Callback callback) {
        Scheduler.Task limit = request.getComponents().getScheduler().schedule(
                () -> request.getConnectionMetaData().getConnection().getEndPoint().close(), TOTAL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        try {
            Page page = handle(request);
            respond(request, response, callback, page);
        } catch (IOException | RuntimeException e) {
            callback.failed(e);
        } finally {
            limit.cancel();
        }
    }

    /** A response: its status, page and any extra header. */
    private record Page(int status, String html, String header, String headerValue) {
        Page(int status, String html) {
            this(status, html, null, null);
        }
    }

    private Page handle(Request request) throws IOException {
        if (!Request.getPathInContext(request).equals(path)) {
            return new Page(404, Pages.message("Not found", "Use the link in the email."));
        }
        String token;
        try {
            token = queryParameter(request.getHttpURI().getQuery(), "token");
        } catch (IllegalArgumentException e) {
            return malformed("The link is damaged.");
        }
        UnsubscribeLinks.Verdict verdict = links.verify(token, clock.millis(), settings.tokenTtl());
        if (verdict.refusal() != null) {
            return refusal(verdict.refusal());
        }
        return switch (request.getMethod()) {
            case "POST" -> unsubscribe(request, verdict.verified());
            case "GET", "HEAD" -> new Page(200, Pages.confirm(token));
            default -> new Page(405, Pages.message("Method not allowed", "Use the link in the email."), "Allow", "GET, POST");
        };
    }

    private Page unsubscribe(Request request, UnsubscribeLinks.Verified who) throws IOException {
        boolean oneClick;
        try {
            oneClick = isOneClick(request.getHeaders().get(HttpHeader.CONTENT_TYPE), body(request));
        } catch (IllegalArgumentException | MessagingException e) {
            return malformed("The request could not be read.");
        }
        if (!oneClick) {
            return new Page(400, Pages.message("Not a one-click request", "The request must carry " + ONE_CLICK + "."));
        }
        synchronized (written) {
            if (!written.contains(who.offerId())) {
                try {
                    outcomes.unsubscribed(who, clock.millis());
                } catch (IOException e) {
                    return new Page(503, Pages.message("Please try again in a minute",
                            "We could not record your request just now. Nothing was lost: try again in a minute, or reply to the email"
                                    + " with the word unsubscribe."), "Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
                }
                written.add(who.offerId());
            }
        }
        return new Page(200, Pages.message("You are unsubscribed", "You will not get messages like this one again."));
    }

    /** Whether a form, URL-encoded or multipart, holds the field {@code List-Unsubscribe} with the value {@code One-Click}. */
    static boolean isOneClick(String contentType, byte[] body) throws MessagingException {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("multipart/form-data")) {
            MimeMultipart form = new MimeMultipart(new ByteArrayDataSource(body, contentType));
            for (int i = 0; i < form.getCount(); i++) {
                BodyPart field = form.getBodyPart(i);
                String disposition = field.getHeader("Content-Disposition") == null ? null : field.getHeader("Content-Disposition")[0];
                if (disposition != null && "List-Unsubscribe".equals(new ContentDisposition(disposition).getParameter("name"))
                        && "One-Click".equals(text(field).strip())) {
                    return true;
                }
            }
            return false;
        }
        for (String pair : new String(body, StandardCharsets.US_ASCII).split("&")) {
            if (URLDecoder.decode(pair.strip(), StandardCharsets.UTF_8).equals(ONE_CLICK)) {
                return true;
            }
        }
        return false;
    }

    private static String text(BodyPart field) throws MessagingException {
        try (InputStream in = field.getInputStream()) {
            return new String(in.readNBytes(64), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MessagingException("unreadable form field", e);
        }
    }

    private static byte[] body(Request request) throws IOException {
        try (InputStream in = Content.Source.asInputStream(request)) {
            return in.readNBytes(MAX_BODY_BYTES);
        }
    }

    private static Page malformed(String why) {
        return new Page(400, Pages.message("This request is not valid", why + " Use the unsubscribe link from the email itself."));
    }

    private static Page refusal(UnsubscribeLinks.Refusal refusal) {
        if (refusal == UnsubscribeLinks.Refusal.EXPIRED) {
            return new Page(410, Pages.message("This link has expired",
                    "Reply to the email with the word unsubscribe and we will stop writing to you."));
        }
        return new Page(refusal == UnsubscribeLinks.Refusal.FORGED ? 403 : 400,
                Pages.message("This link is not valid", "Use the unsubscribe link from the email itself, or reply with the word unsubscribe."));
    }

    private static void respond(Request request, Response response, Callback callback, Page page) {
        response.setStatus(page.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        if (page.header() != null) {
            response.getHeaders().put(page.header(), page.headerValue());
        }
        byte[] html = page.html().getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, html.length);
        if (request.getMethod().equals("HEAD")) {
            callback.succeeded();
        } else {
            response.write(true, ByteBuffer.wrap(html), callback);
        }
    }

    /** A query parameter, decoded; a malformed escape is an {@link IllegalArgumentException}. */
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
    public void close() throws Exception {
        server.stop();
    }
}
