package dev.upshift.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upshift.common.config.ConfigLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which drafts wait, which are pending the job's answer, which are done; and that each owner sees only theirs. */
class ReviewInboxTest {
    private final ConsoleStore store = new ConsoleStore();
    private final ReviewInbox inbox = new ReviewInbox(store, ConfigLoader.defaults());
    private long offset;

    @AfterEach
    void close() throws Exception {
        store.close();
    }

    @Test
    void listsWaitingDraftsInScopeWithPendingAndRefusedDecisions() {
        add(Source.DRAFTS, draft("waiting", "csm-a", "2026-03-01T10:00:00Z"), draft("pending", "csm-a", "2026-03-01T11:00:00Z"),
                draft("refused", "csm-a", "2026-03-01T12:00:00Z"), draft("approved", "csm-a", "2026-03-01T13:00:00Z"),
                draft("expired", "csm-a", "2026-03-01T14:00:00Z"), draft("other", "csm-b", "2026-03-01T15:00:00Z"),
                draft("waiting", "csm-a", "2026-03-01T10:00:00Z"));
        add(Source.APPROVALS, approval("pending", "2026-03-02T09:00:00Z"), approval("refused", "2026-03-02T09:00:00Z"),
                approval("approved", "2026-03-02T09:00:00Z"));
        add(Source.AUDIT, audit("refused", "edit_refused", "2026-03-02T09:00:00Z", "invented_price: $1"),
                audit("approved", "approved", "2026-03-02T09:00:00Z", null), audit("expired", "review_expired", "2026-03-08T14:00:00Z", null));

        List<ReviewInbox.Item> items = inbox.awaiting(new Scope(false, "csm-a"));
        assertThat(items).extracting(item -> item.accountId() + ":" + item.pendingDecision() + ":" + item.refusal())
                .containsExactly("waiting:null:null", "pending:approve by csm-a:null", "refused:null:invented_price: $1");
        assertThat(inbox.awaiting(Scope.all())).extracting(ReviewInbox.Item::accountId).containsExactly("waiting", "pending", "refused", "other");
        assertThat(inbox.find(new Scope(false, "csm-b"), "offer-waiting")).isEmpty();
        assertThat(inbox.find(new Scope(false, "csm-a"), "offer-waiting")).isPresent();
    }

    private static String draft(String account, String owner, String draftedAt) {
        return "{\"offerId\":\"offer-" + account + "\",\"accountId\":\"" + account + "\",\"ownerId\":\"" + owner + "\",\"subject\":\"s\","
                + "\"body\":\"b\",\"drafter\":\"template\",\"mode\":\"review\",\"draftedAt\":\"" + draftedAt + "\",\"decision\":{\"offerId\":\"offer-"
                + account + "\",\"signal\":\"explicit_ask\",\"kind\":\"upsell\",\"decidedAt\":\"" + draftedAt + "\"}}";
    }

    private static String approval(String account, String decidedAt) {
        return "{\"offerId\":\"offer-" + account + "\",\"accountId\":\"" + account + "\",\"decision\":\"approve\",\"approverId\":\"csm-a\","
                + "\"decidedAt\":\"" + decidedAt + "\"}";
    }

    private static String audit(String account, String stage, String at, String detail) {
        return "{\"auditId\":\"offer-" + account + ":" + stage + "\",\"accountId\":\"" + account + "\",\"recordedAt\":\"" + at + "\","
                + "\"decision\":{\"offerId\":\"offer-" + account + "\"},\"delivery\":{\"stage\":\"" + stage + "\""
                + (detail == null ? "" : ",\"detail\":\"" + detail + "\"") + "}}";
    }

    private void add(Source source, String... records) {
        List<ConsoleStore.Incoming> incoming = new ArrayList<>();
        for (String record : records) {
            incoming.add(new ConsoleStore.Incoming(0, offset++, null, record.getBytes(StandardCharsets.UTF_8)));
        }
        store.add(source, incoming);
    }
}
