package dev.upshift.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upshift.common.config.Delivery;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.json.Json;
import dev.upshift.common.mail.Draft;
import dev.upshift.common.mail.DraftCheck;
import dev.upshift.common.mail.DraftFacts;
import dev.upshift.common.mail.EvidenceQuote;
import dev.upshift.common.model.Account;
import dev.upshift.common.model.Contact;
import dev.upshift.common.model.OfferDecision;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The drafts awaiting review, as {@code upshift.drafts}, the audit and the approvals already written show them.
 * A draft waits until the audit records its approval, edit, rejection or expiry; a decision the console has
 * written and the job has not answered yet shows as pending. Every query is scoped to the user's accounts.
 */
final class ReviewInbox {
    /** Decisions the review gate ends a draft's wait with. */
    private static final String CLOSING = "('approved', 'edited', 'rejected', 'review_expired')";
    /** Answers of the review gate to a decision: the closing ones, and the refusals after which the draft waits on. */
    private static final String ANSWERS = "('approved', 'edited', 'rejected', 'approval_refused', 'edit_refused')";

    /** A draft in review with everything the reviewer needs to decide on it. */
    record Item(String offerId, String accountId, String accountName, String ownerId, OfferDecision decision, String subject,
            String body, String drafter, long draftedAt, String pendingDecision, String refusal, JsonNode account) {
        boolean pending() {
            return pendingDecision != null;
        }
    }

    private final ConsoleStore store;
    private final UpshiftConfig config;
    private final DraftCheck houseRules;

    ReviewInbox(ConsoleStore store, UpshiftConfig config) {
        this.store = store;
        this.config = config;
        this.houseRules = new DraftCheck(config.delivery().currency());
    }

    /** Drafts awaiting review in scope, oldest first. */
    List<Item> awaiting(Scope scope) {
        return items(scope, null);
    }

    /** One draft awaiting review, when it exists and is in scope; out of scope looks exactly like absent. */
    Optional<Item> find(Scope scope, String offerId) {
        return items(scope, offerId).stream().findFirst();
    }

    private List<Item> items(Scope scope, String offerId) {
        String sql = """
                with latest as (
                  select * from drafts where %s and (? is null or offer_id = ?)
                  qualify row_number() over (partition by offer_id order by off desc) = 1
                )
                select d.offer_id, d.account_id, d.owner_id, d.drafted_at, d.doc, a.name, a.doc as account,
                  (select p.decision || ' by ' || p.approver_id from approvals p where p.offer_id = d.offer_id
                     order by p.decided_at desc, p.off desc limit 1) as last_decision,
                  (select max(p.decided_at) from approvals p where p.offer_id = d.offer_id) as last_decided_at,
                  (select max(u.recorded_at) from audit u where u.offer_id = d.offer_id and u.stage in %s) as answered_at,
                  (select u.detail from audit u where u.offer_id = d.offer_id and u.stage in ('approval_refused', 'edit_refused')
                     order by u.recorded_at desc limit 1) as refusal
                from latest d left join accounts a on a.account_id = d.account_id
                where not exists (select 1 from audit u where u.offer_id = d.offer_id and u.stage in %s)
                order by d.drafted_at, d.offer_id
                """.formatted(Scope.CLAUSE, ANSWERS, CLOSING);
        return store.query(sql, row -> {
            JsonNode draft = ConsoleStore.json(row, "doc");
            long decidedAt = row.getLong("last_decided_at");
            boolean decided = !row.wasNull();
            long answeredAt = row.getLong("answered_at");
            boolean pending = decided && (row.wasNull() || answeredAt < decidedAt);
            String account = row.getString("account");
            return new Item(row.getString("offer_id"), row.getString("account_id"),
                    row.getString("name") != null ? row.getString("name") : row.getString("account_id"), row.getString("owner_id"),
                    ConsoleStore.as(draft.path("decision"), OfferDecision.class), draft.path("subject").asText(), draft.path("body").asText(),
                    draft.path("drafter").asText(), row.getLong("drafted_at"), pending ? row.getString("last_decision") : null,
                    row.getString("refusal"), account == null ? null : Json.tree(account));
        }, scope.everyone(), scope.ownerId(), offerId, offerId);
    }

    /** The From line the mail will leave with: the owner's agent identity, or why there is none. */
    String from(Item item) {
        Delivery.Identity identity = config.delivery().identities().get(item.ownerId());
        return identity == null ? "(no agent identity for " + item.ownerId() + ": the job will not send it)"
                : identity.displayName() + " <" + identity.fromAddress() + ">";
    }

    /** The signal's evidence in the words the mail quotes it with. */
    String evidence(Item item) {
        Locale locale = locale(item.account());
        return EvidenceQuote.of(item.decision().evidence, item.decision().decidedAt, config.delivery().metricNames(), locale).text();
    }

    /**
     * The house rules' verdict on edited text, as the review gate will give it; empty when it passes. A draft
     * whose owner has no identity or whose account record is unknown here is left to the gate.
     */
    Optional<DraftCheck.Refusal> check(Item item, String subject, String body) {
        Delivery.Identity identity = config.delivery().identities().get(item.ownerId());
        if (identity == null || item.account() == null) {
            return Optional.empty();
        }
        Account account = account(item.account());
        DraftFacts facts = DraftFacts.of(item.decision(), account, identity, config.catalog(), config.delivery());
        return houseRules.check(new Draft(subject, body), facts, locale(item.account()));
    }

    private Locale locale(JsonNode account) {
        String tag = account == null ? "" : account.at("/contact/locale").asText("");
        return Locale.forLanguageTag(tag.isEmpty() ? config.delivery().locale() : tag);
    }

    /** What the house rules read of an account record: its name, contact name and locale, and its discount. */
    private static Account account(JsonNode record) {
        Account account = new Account();
        account.accountId = record.path("accountId").asText();
        account.name = record.path("name").asText(null);
        account.discountPct = record.path("discountPct").isNumber() ? record.path("discountPct").asDouble() : null;
        account.contact = new Contact();
        account.contact.name = record.at("/contact/name").asText(null);
        account.contact.locale = record.at("/contact/locale").asText(null);
        return account;
    }

}
