package dev.upshift.jobs.decisions;

import static dev.upshift.jobs.TestRecords.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.upshift.common.config.ConfigLoader;
import dev.upshift.common.config.Delivery;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.mail.MailKeys;
import dev.upshift.common.model.Account;
import dev.upshift.common.model.Contact;
import dev.upshift.common.model.DecisionInput;
import dev.upshift.common.model.Evidence;
import dev.upshift.common.model.Feedback;
import dev.upshift.common.model.InputRecord;
import dev.upshift.common.model.OfferDecision;
import dev.upshift.common.model.Signal;
import dev.upshift.common.model.SignalType;
import dev.upshift.common.model.SourceRef;
import dev.upshift.common.model.Suppression;
import dev.upshift.jobs.runtime.Secrets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An opt-out is permanent: whatever the offer decisions forget (churn and reactivation, a tombstone and a new record,
 * the ledger's TTL, a start without state) or never knew (another account naming the same address), the suppression
 * list turns the decision into {@code suppressed}/{@code opted_out}; only an explicit, audited lift ends it.
 */
class SuppressionListTest {
    private static final UpshiftConfig CONFIG = mailing(ConfigLoader.load("test", "holdout: {fraction: 0.0}"));
    private static final String ADDRESS = "ops@acme.example";
    private static final String KEY = new MailKeys(Secrets.agentSecret(CONFIG.delivery())).addressKey(ADDRESS);

    private DecisionsThenSuppressionList job;

    @BeforeEach
    void setUp() throws Exception {
        job = new DecisionsThenSuppressionList(CONFIG);
    }

    @AfterEach
    void tearDown() throws Exception {
        job.close();
    }

    @Test
    void anUnsubscribeSurvivesChurnAndReactivation() throws Exception {
        unsubscribedOnTheTenth();
        job.send(account("a1", ADDRESS, "churned"));
        job.send(account("a1", ADDRESS, "active"));
        job.send(signal("a1", "2026-02-20T10:00:00Z"));

        assertOptedOutThoughTheLedgerForgot(job.watermark("2026-02-21T00:00:00Z"));
    }

    @Test
    void anUnsubscribeSurvivesATombstoneAndANewRecord() throws Exception {
        unsubscribedOnTheTenth();
        job.send(DecisionInput.of(InputRecord.deletion("a1")));
        job.send(account("a1", ADDRESS, "active"));
        job.send(signal("a1", "2026-02-20T10:00:00Z"));

        assertOptedOutThoughTheLedgerForgot(job.watermark("2026-02-21T00:00:00Z"));
    }

    @Test
    void anUnsubscribeSurvivesTheLedgersTtl() throws Exception {
        unsubscribedOnTheTenth();
        job.decisions.setStateTtlProcessingTime(Duration.ofDays(401).toMillis());
        job.send(account("a1", ADDRESS, "active")); // the account record is rewritten; the ledger is not
        job.send(signal("a1", "2027-02-20T10:00:00Z"));

        assertOptedOutThoughTheLedgerForgot(job.watermark("2027-02-21T00:00:00Z"));
    }

    @Test
    void aStartWithoutStateReadsTheListFromItsTopicFirst() throws Exception {
        unsubscribedOnTheTenth();
        Suppression mirrored = job.mirrored().get(0);

        try (DecisionsThenSuppressionList fresh = new DecisionsThenSuppressionList(CONFIG)) {
            mirrored.source = SourceRef.kafka("upshift.suppressions", 0, 0);
            fresh.readFromTopic(mirrored);
            fresh.send(account("a1", ADDRESS, "active"));
            fresh.send(signal("a1", "2026-02-20T10:00:00Z"));

            List<OfferDecision> decided = fresh.watermark("2026-02-21T00:00:00Z");

            assertThat(fresh.decidedUpstream()).extracting(d -> d.status).containsExactly("requested");
            assertThat(decided).extracting(d -> d.status + " " + d.reason).containsExactly("suppressed opted_out");
            assertThat(fresh.mirrored()).as("read from the topic, not written back").isEmpty();
        }
    }

    @Test
    void aNewContactNameWithTheSameAddressInAnyCaseIsStillOptedOut() throws Exception {
        unsubscribedOnTheTenth();
        Account renamed = account("a1", "OPS@Acme.Example", "active").account;
        renamed.contact.name = "Grace Hopper";
        job.send(DecisionInput.of(InputRecord.of(renamed)));
        job.send(signal("a1", "2026-02-20T10:00:00Z"));

        assertThat(job.watermark("2026-02-21T00:00:00Z")).extracting(d -> d.status + " " + d.reason).containsExactly("suppressed opted_out");
    }

    @Test
    void anotherAccountNamingTheSameAddressIsOptedOutFromTheMomentOfTheUnsubscribe() throws Exception {
        job.send(account("a1", ADDRESS, "active"));
        job.send(account("b2", ADDRESS, "active"));
        job.send(signal("b2", "2026-01-09T10:00:00Z")); // before the unsubscribe: still an offer
        job.send(DecisionInput.of(InputRecord.of(unsubscribed("a1", "2026-01-10T00:00:00Z"))));
        job.send(signal("b2", "2026-01-12T10:00:00Z"));

        List<OfferDecision> decided = job.watermark("2026-01-13T00:00:00Z");

        assertThat(decided).extracting(d -> d.accountId + " " + d.status + " " + d.reason)
                .containsExactly("b2 requested null", "b2 suppressed opted_out");
        assertThat(job.mailRequests()).extracting(mail -> mail.accountId + " " + mail.decision.decidedAt)
                .containsExactly("b2 " + at("2026-01-09T10:00:00Z"));
    }

    @Test
    void anAccountThatSaysOptedOutPutsItsContactOnTheListForGoodEvenIfTheFlagIsDroppedLater() throws Exception {
        Account optedOut = account("a1", ADDRESS, "active").account;
        optedOut.optedOut = true;
        job.send(DecisionInput.of(InputRecord.of(optedOut)));
        job.send(account("a1", ADDRESS, "active")); // the CRM drops the flag: that lifts nothing
        job.send(signal("a1", "2026-02-20T10:00:00Z"));

        assertThat(job.watermark("2026-02-21T00:00:00Z")).extracting(d -> d.status + " " + d.reason).containsExactly("suppressed opted_out");
        assertThat(job.mirrored()).extracting(entry -> entry.addressKey, entry -> entry.reason, entry -> entry.at)
                .containsExactly(tuple(KEY, "account_opted_out", null));
    }

    @Test
    void onlyAnExplicitLiftEndsItAndTheLiftIsAudited() throws Exception {
        unsubscribedOnTheTenth();
        Suppression lift = Suppression.lift(KEY, "asked to hear from us again, ticket 4411", "ana@vendor.example", null,
                at("2026-03-01T00:00:00Z"));
        lift.source = SourceRef.kafka("upshift.suppressions", 0, 7);
        job.readFromTopic(lift);
        job.send(account("a1", ADDRESS, "churned"));
        job.send(account("a1", ADDRESS, "active"));
        job.send(signal("a1", "2026-03-20T10:00:00Z"));

        assertThat(job.watermark("2026-03-21T00:00:00Z")).extracting(d -> d.status).containsExactly("requested");
        assertThat(job.audit()).filteredOn(record -> record.suppression != null).singleElement()
                .satisfies(record -> assertThat(record.auditId).isEqualTo("suppression:" + KEY + ":lifted:" + at("2026-03-01T00:00:00Z")))
                .satisfies(record -> assertThat(record.suppression.by).isEqualTo("ana@vendor.example"));
    }

    @Test
    void theListKeepsOneEntryPerContactAndNoTimersOncePendingWorkIsDone() throws Exception {
        unsubscribedOnTheTenth();
        job.send(DecisionInput.of(InputRecord.of(unsubscribed("a1", "2026-01-11T00:00:00Z")))); // a second unsubscribe
        job.send(signal("a1", "2026-01-20T10:00:00Z"));
        job.watermark("2026-01-21T00:00:00Z");

        assertThat(job.mirrored()).as("mirrored once").hasSize(1);
        assertThat(job.list.numKeyedStateEntries()).as("the entry, nothing pending").isEqualTo(1);
        assertThat(job.list.numEventTimeTimers()).isZero();
    }

    /** Account a1 unsubscribes on 10 January 2026: the ledger and the list both know. */
    private void unsubscribedOnTheTenth() throws Exception {
        job.send(account("a1", ADDRESS, "active"));
        job.send(DecisionInput.of(InputRecord.of(unsubscribed("a1", "2026-01-10T00:00:00Z"))));
        job.watermark("2026-01-11T00:00:00Z");
        assertThat(job.mirrored()).extracting(entry -> entry.addressKey, entry -> entry.reason, entry -> entry.accountId)
                .containsExactly(tuple(KEY, "unsubscribed", "a1"));
    }

    private void assertOptedOutThoughTheLedgerForgot(List<OfferDecision> decided) {
        assertThat(job.decidedUpstream()).as("the offer decisions alone would have sent it").extracting(d -> d.status).containsExactly("requested");
        assertThat(decided).extracting(d -> d.status + " " + d.reason).containsExactly("suppressed opted_out");
        assertThat(decided.get(0).target).as("as the guardrails would have decided: no offer in it").isNull();
        assertThat(job.mailRequests()).isEmpty();
        assertThat(job.audit()).extracting(record -> record.decision.status + " " + record.decision.reason).containsExactly("suppressed opted_out");
    }

    /** Delivery on, so that requested offers come with a mail request; nothing is sent here. */
    private static UpshiftConfig mailing(UpshiftConfig config) {
        Delivery off = config.delivery();
        return config.withDelivery(new Delivery(true, off.locale(), off.currency(), off.metricNames(), off.templates(), off.review(),
                off.sendWindow(), off.smtp(), off.unsubscribe(), off.llm(), off.replies(), off.identities()));
    }

    private static DecisionInput account(String accountId, String address, String status) {
        Account account = new Account();
        account.accountId = accountId;
        account.planId = "starter";
        account.status = status;
        account.ownerId = "csm-7";
        account.startedAt = at("2025-01-01T00:00:00Z");
        account.contact = new Contact();
        account.contact.name = "Ada Lovelace";
        account.contact.email = address;
        account.contact.timezone = "Europe/Berlin";
        return DecisionInput.of(InputRecord.of(account));
    }

    private static DecisionInput signal(String accountId, String firedAt) {
        Evidence evidence = new Evidence();
        evidence.trigger = Evidence.EVENTS_IN_WINDOW;
        evidence.capability = "saml";
        return DecisionInput.of(Signal.of(accountId, SignalType.EXPLICIT_ASK, at(firedAt), evidence));
    }

    private static Feedback unsubscribed(String accountId, String at) {
        Feedback feedback = new Feedback();
        feedback.accountId = accountId;
        feedback.outcome = Feedback.UNSUBSCRIBED;
        feedback.occurredAt = at(at);
        return feedback;
    }
}
