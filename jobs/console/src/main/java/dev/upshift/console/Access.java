package dev.upshift.console;

import io.javalin.http.Context;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Who is asking, and whether a form is really theirs: the signed-in user (from the session after a password
 * sign-in, or from the header an OIDC proxy in front sets), sessions that end after their idle time, and a random
 * per-session CSRF token that every POST must carry.
 */
final class Access {
    static final String CSRF = "csrf";
    private static final String USER = "user";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Users users;
    private final Duration sessionTimeout;
    private final String trustedUserHeader;

    /** @param trustedUserHeader the OIDC proxy's header naming the user; null: password sign-in */
    Access(Users users, Duration sessionTimeout, String trustedUserHeader) {
        this.users = users;
        this.sessionTimeout = sessionTimeout;
        this.trustedUserHeader = trustedUserHeader;
    }

    boolean takesPasswords() {
        return trustedUserHeader == null;
    }

    /** The signed-in user: the one the OIDC proxy's header names, or the session's, from a password sign-in. */
    Optional<Users.User> user(Context ctx) {
        if (trustedUserHeader != null) {
            return users.vouchedFor(ctx.header(trustedUserHeader));
        }
        HttpSession session = ctx.req().getSession(false);
        return session == null ? Optional.empty() : Optional.ofNullable((Users.User) session.getAttribute(USER));
    }

    /** After a password sign-in: a fresh session (a new id, so no session fixation) with its idle limit and token. */
    void startSession(Context ctx, Users.User user) {
        ctx.req().getSession().invalidate();
        HttpSession session = ctx.req().getSession(true);
        session.setMaxInactiveInterval((int) sessionTimeout.toSeconds());
        session.setAttribute(USER, user);
        session.setAttribute(CSRF, newToken());
    }

    /** The session's CSRF token; a session (and token) is made for the sign-in form if there is none yet. */
    String csrfToken(Context ctx) {
        HttpSession session = ctx.req().getSession(true);
        Object token = session.getAttribute(CSRF);
        if (token == null) {
            token = newToken();
            session.setAttribute(CSRF, token);
        }
        return (String) token;
    }

    /** Whether the form carries this session's token, compared in constant time. */
    boolean csrfMatches(Context ctx) {
        HttpSession session = ctx.req().getSession(false);
        String expected = session == null ? null : (String) session.getAttribute(CSRF);
        String given = ctx.formParam(CSRF);
        return expected != null && given != null
                && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    private static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
