package dev.upshift.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.json.Json;
import dev.upshift.common.mail.EvidenceQuote;
import dev.upshift.common.model.Evidence;
import dev.upshift.common.report.DecisionReasons;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One account's history in time order, from every topic the console reads: its signals with their evidence,
 * every decision (a suppression with its reason in words), its mail's steps, the replies and their labels, and
 * the outcomes. Also the search that finds an account by id or name. Scoped like every query.
 */
final class AccountTimeline {
    /** An account as the search lists it. */
    record Account(String accountId, String name, String ownerId, String segment, String planId) {}

    /** An account and its history, oldest first. */
    record History(Account account, List<Entry> entries) {}

    /** One line of the timeline: when, what kind of thing, what happened, and why, in words, where that applies. */
    record Entry(long at, String kind, String summary, String why) {
        String time() {
            return Instant.ofEpochMilli(at).toString();
        }
    }

    private static final int SEARCH_LIMIT = 50;
    private final ConsoleStore store;
    private final Map<String, String> metricNames;
    private final Locale locale;

    /** Evidence is put in words as the mail would quote it, with the config's metric names, in its locale. */
    AccountTimeline(ConsoleStore store, UpshiftConfig config) {
        this.store = store;
        this.metricNames = config.delivery().metricNames();
        this.locale = Locale.forLanguageTag(config.delivery().locale());
    }

    /** Accounts in scope whose id or name contains {@code text}, ignoring case; at most 50. */
    List<Account> search(Scope scope, String text) {
        String pattern = "%" + text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return store.query("select account_id, name, owner_id, segment, plan_id from accounts where " + Scope.CLAUSE
                + " and (account_id ilike ? escape '\\' or name ilike ? escape '\\') order by account_id limit " + SEARCH_LIMIT,
                row -> new Account(row.getString(1), row.getString(2), row.getString(3), row.getString(4), row.getString(5)),
                scope.everyone(), scope.ownerId(), pattern, pattern);
    }

    private Optional<Account> account(Scope scope, String accountId) {
        return store.query("select account_id, name, owner_id, segment, plan_id from accounts where " + Scope.CLAUSE
                + " and account_id = ?", row -> new Account(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                row.getString(5)), scope.everyone(), scope.ownerId(), accountId).stream().findFirst();
    }

    /** The account's history, oldest first; empty when the account is not in scope. */
    Optional<History> timeline(Scope scope, String accountId) {
        Optional<Account> account = account(scope, accountId);
        if (account.isEmpty()) {
            return Optional.empty();
        }
        List<Entry> entries = new ArrayList<>();
        store.query("select fired_at, doc from signals where account_id = ?", row -> entries.add(signal(row.getLong(1),
                ConsoleStore.json(row, "doc"))), accountId);
        store.query("select distinct on (offer_id, status) decided_at, doc from offers where account_id = ?",
                row -> entries.add(decision(row.getLong(1), ConsoleStore.json(row, "doc"))), accountId);
        store.query("select distinct on (audit_id) recorded_at, doc from audit where account_id = ? and stage is not null",
                row -> entries.add(mailStep(row.getLong(1), ConsoleStore.json(row, "doc"))), accountId);
        store.query("select distinct on (outcome_id) received_at, doc from outcomes where account_id = ?",
                row -> entries.add(reply(row.getLong(1), ConsoleStore.json(row, "doc"))), accountId);
        store.query("select occurred_at, doc from feedback where account_id = ?",
                row -> entries.add(outcome(row.getLong(1), ConsoleStore.json(row, "doc"))), accountId);
        store.query("select decided_at, doc from approvals where account_id = ?",
                row -> entries.add(review(row.getLong(1), ConsoleStore.json(row, "doc"))), accountId);
        entries.sort(Comparator.comparingLong(Entry::at));
        return Optional.of(new History(account.get(), entries));
    }

    private Entry signal(long at, JsonNode signal) {
        JsonNode evidence = signal.path("evidence");
        return new Entry(at, "signal", signal.path("signal").asText() + " fired (" + evidence.path("trigger").asText("") + ")",
                "Evidence: " + evidenceInWords(evidence, at));
    }

    /**
     * The evidence as the mail quotes it. Evidence this console cannot phrase (a trigger from a newer job, fields it
     * lacks) is shown as its fields: a history page must not fail on one record.
     */
    private String evidenceInWords(JsonNode evidence, long firedAt) {
        if (!evidence.hasNonNull("trigger")) {
            return Json.toText(evidence);
        }
        try {
            return EvidenceQuote.of(ConsoleStore.as(evidence, Evidence.class), firedAt, metricNames, locale).text();
        } catch (RuntimeException e) {
            return Json.toText(evidence);
        }
    }

    private static Entry decision(long at, JsonNode offer) {
        String status = offer.path("status").asText();
        String what = switch (status) {
            case "requested" -> "Offer requested: " + offerText(offer);
            case "withheld" -> "Offer withheld (holdout): " + offerText(offer);
            case "handed_off" -> "Handed to the owner";
            case "suppressed" -> "Not sent: suppressed (" + offer.path("reason").asText() + ")";
            case "withdrawn" -> "Offer withdrawn";
            default -> "Decision " + status;
        };
        return new Entry(at, "decision", what + " for " + offer.path("signal").asText(), DecisionReasons.inWords(offer.path("reason").asText(null)));
    }

    private static String offerText(JsonNode offer) {
        String target = offer.path("target").asText(offer.path("addOn").asText(""));
        return offer.path("kind").asText() + (target.isEmpty() ? "" : " → " + target)
                + (offer.path("annualRevenue").isNumber() ? String.format(Locale.ROOT, ", %.2f a year", offer.path("annualRevenue").asDouble()) : "");
    }

    private static Entry mailStep(long at, JsonNode audit) {
        JsonNode step = audit.path("delivery");
        String kind = step.path("kind").asText("offer");
        StringBuilder what = new StringBuilder("Mail (" + kind + "): " + step.path("stage").asText());
        if (step.hasNonNull("approverId")) {
            what.append(" by ").append(step.path("approverId").asText());
        }
        if (step.hasNonNull("identity")) {
            what.append(" from ").append(step.path("identity").asText());
        }
        return new Entry(at, "mail", what.toString(), step.path("detail").asText(""));
    }

    private static Entry reply(long at, JsonNode outcome) {
        return new Entry(at, "reply", "Reply labelled " + outcome.path("label").asText() + " (" + outcome.path("classifier").asText("")
                + ")", outcome.path("reason").asText(""));
    }

    private static Entry outcome(long at, JsonNode feedback) {
        return new Entry(at, "outcome", "Outcome: " + feedback.path("outcome").asText(), "");
    }

    private static Entry review(long at, JsonNode approval) {
        return new Entry(at, "review", "Review decision written: " + approval.path("decision").asText() + " by "
                + approval.path("approverId").asText(), approval.path("note").asText(""));
    }
}
