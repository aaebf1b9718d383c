package dev.upshift.console;

import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.mail.DraftCheck;
import dev.upshift.common.model.Approval;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.util.JavalinBindException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The console's web server: sign-in, the review inbox, account timelines and the report, as server-rendered pages.
 *
 * <p>Security is enforced here, on the server, for every request: a page needs a signed-in session (idle sessions
 * expire after {@code sessionTimeout}); every POST needs the session's CSRF token; every query is scoped to the
 * signed-in user's accounts ({@link Scope}), so a draft or account out of scope answers 404 whether it is asked
 * for by a link, a typed URL or a forged form; and an approval records the signed-in user, never a form field.
 *
 * <p>Why one class of this length: it is the console's one security boundary (session, CSRF, scope), and keeping
 * every route beside those checks lets a reader see that no route skips them; the pages themselves are rendered
 * elsewhere (Pages, the views).
 */
final class ConsoleServer implements AutoCloseable {
    private static final Set<String> OPEN_PATHS = Set.of("/login", "/health");

    private final Users users;
    private final ReviewInbox inbox;
    private final AccountTimeline timeline;
    private final ConsoleStore store;
    private final ApprovalWriter approvals;
    private final TopicFeed feed;
    private final Pages pages = new Pages();
    private final Clock clock;
    private final Access access;
    private final Duration attribution;
    private Javalin app;

    /**
     * @param trustedUserHeader the header an OIDC proxy in front sets to the signed-in user's id; null: users sign in
     *     with their password here
     */
    ConsoleServer(UpshiftConfig config, Users users, ConsoleStore store, TopicFeed feed, ApprovalWriter approvals, Clock clock,
            Duration sessionTimeout, Duration attribution, String trustedUserHeader) {
        this.users = users;
        this.store = store;
        this.inbox = new ReviewInbox(store, config);
        this.timeline = new AccountTimeline(store, config);
        this.approvals = approvals;
        this.feed = feed;
        this.clock = clock;
        this.access = new Access(users, sessionTimeout, trustedUserHeader);
        this.attribution = attribution;
    }

    /** Starts serving on {@code host:port} (port 0: any free port); returns the port. */
    int start(String host, int port) {
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.modifyServletContextHandler(handler -> {
                handler.getSessionHandler().setHttpOnly(true);
                handler.getSessionHandler().setSameSite(org.eclipse.jetty.http.HttpCookie.SameSite.LAX);
            });
            config.routes.before(this::guard);
            config.routes.get("/health", ctx -> ctx.result("ok"));
            config.routes.get("/login", this::signInPage);
            config.routes.post("/login", this::signIn);
            config.routes.post("/logout", ctx -> {
                ctx.req().getSession().invalidate();
                ctx.redirect("/login");
            });
            config.routes.get("/", ctx -> ctx.redirect("/inbox"));
            config.routes.get("/inbox", this::inboxPage);
            config.routes.get("/drafts/{offerId}", ctx -> draftPage(ctx, null, null, null, HttpStatus.OK));
            config.routes.post("/drafts/{offerId}", this::decide);
            config.routes.get("/accounts", this::accountsPage);
            config.routes.get("/accounts/{accountId}", this::timelinePage);
            config.routes.get("/report", this::reportPage);
            config.routes.get("/report.csv", this::reportCsv);
            config.routes.exception(IllegalArgumentException.class, (e, ctx) -> message(ctx, HttpStatus.BAD_REQUEST, "Bad request", e.getMessage()));
            config.routes.exception(ApprovalWriter.NotWritten.class,
                    (e, ctx) -> message(ctx, HttpStatus.SERVICE_UNAVAILABLE, "Not sent to the job", e.getMessage()));
        });
        try {
            app.start(host, port);
        } catch (JavalinBindException e) {
            throw new Console.PortTaken("cannot listen on " + host + ":" + port + " (" + e.getMessage() + ")", e);
        }
        return app.port();
    }

    /** Signed-in sessions only, except the sign-in page; the CSRF token on every POST; no framing, no caching. */
    private void guard(Context ctx) {
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
                + "img-src data:; form-action 'self'; frame-ancestors 'none'");
        ctx.header("Cache-Control", "no-store");
        if (ctx.method().name().equals("POST") && !access.csrfMatches(ctx)) {
            message(ctx, HttpStatus.FORBIDDEN, "Refused", "The form's security token is missing or stale: reload the page and try again.");
            ctx.skipRemainingHandlers();
            return;
        }
        if (!OPEN_PATHS.contains(ctx.path()) && access.user(ctx).isEmpty()) {
            if (ctx.method().name().equals("GET")) {
                ctx.redirect("/login");
            } else {
                message(ctx, HttpStatus.UNAUTHORIZED, "Signed out", "Your session has ended: sign in again.");
            }
            ctx.skipRemainingHandlers();
        }
    }

    private void signInPage(Context ctx) {
        if (access.takesPasswords()) {
            ctx.html(loginPage(ctx, null));
        } else {
            refusePasswords(ctx);
        }
    }

    private void signIn(Context ctx) {
        if (!access.takesPasswords()) {
            refusePasswords(ctx);
            return;
        }
        Optional<Users.User> user = users.signIn(ctx.formParam("user"), ctx.formParam("password"));
        if (user.isEmpty()) {
            ctx.status(HttpStatus.UNAUTHORIZED).html(loginPage(ctx, "Unknown user or wrong password."));
            return;
        }
        access.startSession(ctx, user.get());
        ctx.redirect("/inbox");
    }

    /** Behind an OIDC proxy: whoever reaches the sign-in page was not vouched for, and no password will help. */
    private void refusePasswords(Context ctx) {
        message(ctx, HttpStatus.FORBIDDEN, "Sign in through your identity provider",
                "This console signs people in through OIDC, and your sign-in did not name a user of the console; there are no passwords here.");
    }

    private void inboxPage(Context ctx) {
        Users.User user = access.user(ctx).orElseThrow();
        long now = clock.millis();
        List<Map<String, Object>> items = new ArrayList<>();
        for (ReviewInbox.Item item : inbox.awaiting(Scope.of(user))) {
            Map<String, Object> row = new HashMap<>();
            row.put("offerId", item.offerId());
            row.put("accountName", item.accountName());
            row.put("signal", item.decision().signal);
            row.put("offer", DraftView.offerText(item.decision().kind, item.decision().target, item.decision().addOn));
            row.put("subject", item.subject());
            row.put("ownerId", item.ownerId());
            row.put("draftedAt", Instant.ofEpochMilli(item.draftedAt()).toString());
            row.put("waited", DraftView.waited(now - item.draftedAt()));
            row.put("pending", item.pendingDecision());
            items.add(row);
        }
        Map<String, Object> model = base(ctx, "Review inbox");
        model.put("items", items);
        model.put("hasItems", !items.isEmpty());
        model.put("notice", ctx.queryParam("done"));
        ctx.html(pages.render("inbox", model));
    }

    private void draftPage(Context ctx, String editSubject, String editBody, String editError, HttpStatus status) {
        Optional<ReviewInbox.Item> found = draftInScope(ctx, "");
        if (found.isEmpty()) {
            return;
        }
        ReviewInbox.Item item = found.get();
        Map<String, Object> model = base(ctx, "Draft for " + item.accountName());
        model.put("offerId", item.offerId());
        model.put("accountId", item.accountId());
        model.put("accountName", item.accountName());
        model.put("draftedAt", Instant.ofEpochMilli(item.draftedAt()).toString());
        model.put("waited", DraftView.waited(clock.millis() - item.draftedAt()));
        model.put("drafter", item.drafter());
        model.put("pending", item.pendingDecision());
        model.put("refusal", item.refusal());
        model.put("signal", item.decision().signal);
        model.put("evidence", inbox.evidence(item));
        model.put("evidenceFields", DraftView.evidenceFields(item.decision().evidence));
        model.put("ranking", DraftView.ranking(item.decision().ranking));
        model.put("from", inbox.from(item));
        model.put("subject", item.subject());
        model.put("body", item.body());
        model.put("editSubject", editSubject != null ? editSubject : item.subject());
        model.put("editBody", editBody != null ? editBody : item.body());
        model.put("editError", editError);
        ctx.status(status).html(pages.render("draft", model));
    }

    /** Approve, edit or reject: scoped like the page, the edit checked first, the signed-in user as approver. */
    private void decide(Context ctx) {
        Users.User user = access.user(ctx).orElseThrow();
        Optional<ReviewInbox.Item> found = draftInScope(ctx, "; nothing was written");
        if (found.isEmpty()) {
            return;
        }
        ReviewInbox.Item item = found.get();
        String action = String.valueOf(ctx.formParam("action"));
        Approval approval = new Approval();
        approval.offerId = item.offerId();
        approval.accountId = item.accountId();
        approval.approverId = user.id();
        approval.decidedAt = clock.millis();
        String note = ctx.formParam("note");
        approval.note = note == null || note.isBlank() ? null : note;
        switch (action) {
            case "approve" -> approval.decision = Approval.APPROVE;
            case "reject" -> approval.decision = Approval.REJECT;
            case "edit" -> {
                String subject = String.valueOf(ctx.formParam("subject"));
                String body = String.valueOf(ctx.formParam("body")).replace("\r\n", "\n");
                Optional<DraftCheck.Refusal> refusal = inbox.check(item, subject, body);
                if (refusal.isPresent()) {
                    draftPage(ctx, subject, body, refusal.get().reason() + ": " + refusal.get().detail(), HttpStatus.UNPROCESSABLE_CONTENT);
                    return;
                }
                approval.decision = Approval.EDIT;
                approval.subject = subject;
                approval.body = body;
            }
            default -> throw new IllegalArgumentException("unknown action '" + action + "': approve, edit or reject");
        }
        approval.approvalId = "console:" + item.offerId() + ":" + approval.decision + ":" + approval.decidedAt;
        approvals.write(approval);
        ctx.redirect("/inbox?done=" + java.net.URLEncoder.encode(pastTense(approval.decision) + " the draft for " + item.accountName()
                + "; the job sends it on (or not) as it reads the approvals topic.", StandardCharsets.UTF_8));
    }

    /** The path's draft when it awaits review among the user's accounts; otherwise a 404 (with {@code consequence}) and empty. */
    private Optional<ReviewInbox.Item> draftInScope(Context ctx, String consequence) {
        Optional<ReviewInbox.Item> found = inbox.find(Scope.of(access.user(ctx).orElseThrow()), ctx.pathParam("offerId"));
        if (found.isEmpty()) {
            notFound(ctx, "No draft awaiting review has that id among your accounts" + consequence + ".");
        }
        return found;
    }

    private void accountsPage(Context ctx) {
        Users.User user = access.user(ctx).orElseThrow();
        String query = Optional.ofNullable(ctx.queryParam("q")).orElse("").strip();
        Map<String, Object> model = base(ctx, "Accounts");
        model.put("query", query);
        model.put("searched", !query.isEmpty());
        if (!query.isEmpty()) {
            List<AccountTimeline.Account> accounts = timeline.search(Scope.of(user), query);
            model.put("accounts", accounts);
            model.put("hasAccounts", !accounts.isEmpty());
        }
        ctx.html(pages.render("accounts", model));
    }

    private void timelinePage(Context ctx) {
        Users.User user = access.user(ctx).orElseThrow();
        String accountId = ctx.pathParam("accountId");
        Optional<AccountTimeline.History> history = timeline.timeline(Scope.of(user), accountId);
        if (history.isEmpty()) {
            notFound(ctx, "No account with that id among your accounts.");
            return;
        }
        Map<String, Object> model = base(ctx, accountId);
        model.put("account", history.get().account());
        model.put("entries", history.get().entries());
        ctx.html(pages.render("timeline", model));
    }

    private void reportPage(Context ctx) {
        Users.User user = access.user(ctx).orElseThrow();
        Map<String, Object> model = base(ctx, "Report");
        model.putAll(new ReportView(report(ctx, user)).model());
        ctx.html(pages.render("report", model));
    }

    private void reportCsv(Context ctx) {
        Users.User user = access.user(ctx).orElseThrow();
        ctx.header("Content-Disposition", "attachment; filename=\"upshift-report.csv\"");
        ctx.contentType("text/csv; charset=utf-8").result(new ReportView(report(ctx, user)).csv());
    }

    private AnalystReport report(Context ctx, Users.User user) {
        return AnalystReport.compute(store, Scope.of(user), day(ctx.queryParam("from")), day(ctx.queryParam("to")), attribution, clock);
    }

    /** A date field of the report's form; blank: the report's default. */
    private static LocalDate day(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a date (YYYY-MM-DD)");
        }
    }

    /** What every signed-in page shows: the user, the CSRF token for its forms, and how fresh the data is. */
    private Map<String, Object> base(Context ctx, String title) {
        Map<String, Object> model = new HashMap<>();
        model.put("title", title);
        access.user(ctx).ifPresent(user -> {
            model.put("user", user);
            model.put("scopeText", user.admin() ? "every owner" : "your accounts (" + user.id() + ")");
        });
        model.put("csrf", access.csrfToken(ctx));
        Freshness freshness = feed.freshness();
        model.put("freshness", freshnessText(freshness));
        model.put("freshnessClass", freshness.failure() != null ? "failed" : freshness.recordsBehind() > 0 ? "behind" : "current");
        return model;
    }

    private String freshnessText(Freshness freshness) {
        long age = Math.max(0, clock.millis() - freshness.checkedAt()) / 1000;
        String unreadable = freshness.unreadableRecords() > 0 ? "; " + freshness.unreadableRecords() + " unreadable records skipped" : "";
        if (freshness.failure() != null) {
            return "Stopped reading the topics (" + freshness.failure() + ") " + age + " s ago: restart the console to rebuild" + unreadable;
        }
        return (freshness.recordsBehind() == 0 ? "Up to date with the topics" : freshness.recordsBehind() + " committed records behind the topics")
                + " as of " + age + " s ago" + unreadable;
    }

    private String loginPage(Context ctx, String error) {
        Map<String, Object> model = new HashMap<>();
        model.put("title", "Sign in");
        model.put("csrf", access.csrfToken(ctx));
        model.put("error", error);
        return pages.render("login", model);
    }

    private void notFound(Context ctx, String text) {
        message(ctx, HttpStatus.NOT_FOUND, "Not found", text);
    }

    private void message(Context ctx, HttpStatus status, String heading, String text) {
        Map<String, Object> model = access.user(ctx).isPresent() ? base(ctx, heading) : new HashMap<>(Map.of("title", heading));
        model.put("heading", heading);
        model.put("message", text);
        ctx.status(status).html(pages.render("message", model));
    }

    private static String pastTense(String decision) {
        return switch (decision) {
            case Approval.APPROVE -> "Approved";
            case Approval.EDIT -> "Approved as edited";
            default -> "Rejected";
        };
    }

    @Override
    public void close() {
        if (app != null) {
            app.stop();
        }
    }
}
