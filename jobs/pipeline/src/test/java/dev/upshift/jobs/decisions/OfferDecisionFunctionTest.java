package dev.upshift.jobs.decisions;

import static dev.upshift.jobs.TestRecords.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.upshift.common.config.ConfigLoader;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.json.Json;
import dev.upshift.common.mail.MailKeys;
import dev.upshift.common.model.AcceptanceUpdate;
import dev.upshift.common.model.Account;
import dev.upshift.common.model.Contact;
import dev.upshift.common.model.DecidedOffer;
import dev.upshift.common.model.DecisionInput;
import dev.upshift.common.model.Evidence;
import dev.upshift.common.model.Feedback;
import dev.upshift.common.model.InputRecord;
import dev.upshift.common.model.OfferDecision;
import dev.upshift.common.model.Signal;
import dev.upshift.common.model.SignalType;
import dev.upshift.jobs.runtime.Secrets;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupsStateHandle;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OfferDecisionFunctionTest {
    /** The address key of the test account's contact, under the JVM's stand-in agent secret (tests run ephemeral). */
    private static final String CONTACT_KEY = new MailKeys(Secrets.agentSecret(ConfigLoader.defaults().delivery())).addressKey("ops@acme.example");
    private final UpshiftConfig config = ConfigLoader.load("test", "holdout: {fraction: 0.0}");
    private KeyedBroadcastOperatorTestHarness<String, DecisionInput, AcceptanceUpdate, DecidedOffer> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new OfferDecisionFunction(config), DecisionInput::accountId, Types.STRING, OfferDecisionFunction.acceptanceRates());
        send(DecisionInput.of(InputRecord.of(account())));
    }

    @Test
    void stateSnapshotsHoldTheTermsSealedNeverInPlaintext() throws Exception {
        String snapshot = snapshotText();

        assertThat(snapshot).contains("csm-7"); // the account is in the snapshot ...
        assertThat(snapshot).doesNotContain("ops@acme.example").doesNotContain("Ada Lovelace").doesNotContain("net30"); // ... its terms are not
    }

    @Test
    void signalsArrivingOutOfOrderAreDecidedInEventTimeOrderWithTheirSignalAndContact() throws Exception {
        send(signal(SignalType.LIMIT_PRESSURE, "2026-01-26T01:00:00Z"));
        send(signal(SignalType.LIMIT_PRESSURE, "2026-01-20T10:00:00Z"));

        harness.watermark(at("2026-01-27T00:00:00Z"));

        assertThat(decisions()).extracting(d -> d.decidedAt + " " + d.status + " " + d.reason)
                .containsExactly(at("2026-01-20T10:00:00Z") + " requested null", at("2026-01-26T01:00:00Z") + " suppressed cooldown");
        assertThat(harness.extractOutputValues()).extracting(d -> d.signal.signal, d -> d.decision.ownerId, d -> d.contactKey)
                .containsOnly(tuple("limit_pressure", "csm-7", CONTACT_KEY));
    }

    @Test
    void anUnsubscribeAndAnAccountThatSaysOptedOutGoToTheSuppressionListByAddressKey() throws Exception {
        send(DecisionInput.of(InputRecord.of(feedback(Feedback.UNSUBSCRIBED, "2026-01-10T00:00:00Z"))));
        harness.watermark(at("2026-01-11T00:00:00Z"));
        Account optedOut = account();
        optedOut.optedOut = true;
        send(DecisionInput.of(InputRecord.of(optedOut)));

        assertThat(harness.getSideOutput(DecisionTags.LEARNED_SUPPRESSIONS)).extracting(StreamRecord::getValue)
                .extracting(entry -> entry.addressKey, entry -> entry.status, entry -> entry.reason, entry -> entry.offerId, entry -> entry.at)
                .containsExactly(tuple(CONTACT_KEY, "suppressed", "unsubscribed", "offer-x", at("2026-01-10T00:00:00Z")),
                        tuple(CONTACT_KEY, "suppressed", "account_opted_out", null, null));
        assertThat(harness.getSideOutput(DecisionTags.LEARNED_SUPPRESSIONS)).extracting(record -> Json.toText(record.getValue()))
                .noneMatch(json -> json.contains("ops@acme.example"));
    }

    @Test
    void theDiscountIsOpenedFromTheVaultToValueTheOffer() throws Exception {
        send(signal(SignalType.LIMIT_PRESSURE, "2026-01-20T10:00:00Z"));
        harness.watermark(at("2026-01-21T00:00:00Z"));

        assertThat(decisions().get(0).annualRevenue).isEqualTo(1350.0); // (199 - 49) x 12 x 75%
    }

    @Test
    void anOutcomeAppliesAtItsOwnEventTimeEvenWhenItArrivesFirst() throws Exception {
        send(DecisionInput.of(InputRecord.of(feedback(Feedback.DECLINED, "2026-01-10T00:00:00Z"))));
        send(signal(SignalType.LIMIT_PRESSURE, "2026-01-05T10:00:00Z")); // decided before the decline
        send(signal(SignalType.EXPLICIT_ASK, "2026-02-01T10:00:00Z")); // inside the 30-day pause

        harness.watermark(at("2026-02-02T00:00:00Z"));

        assertThat(decisions()).extracting(d -> d.status + " " + d.reason)
                .containsExactly("requested null", "suppressed paused_after_decline");
    }

    @Test
    void aProblemTicketQuietsTheAccountForADay() throws Exception {
        send(DecisionInput.problemTicket("a1", at("2026-01-20T09:00:00Z")));
        send(signal(SignalType.LIMIT_PRESSURE, "2026-01-20T10:00:00Z"));

        harness.watermark(at("2026-01-21T00:00:00Z"));

        OfferDecision decision = decisions().get(0);
        assertThat(decision.reason).isEqualTo("support_ticket");
        assertThat(decision.suppressedUntil).isEqualTo(at("2026-01-21T09:00:00Z"));
    }

    @Test
    void learnedAcceptanceIsUsedAsOfEachDecisionsOwnTime() throws Exception {
        harness.processBroadcastElement(update(30, 30, "2026-01-25T00:00:00Z"), at("2026-01-25T00:00:00Z"));
        send(signal(SignalType.LIMIT_PRESSURE, "2026-01-20T10:00:00Z"));
        send(signal(SignalType.LIMIT_PRESSURE, "2026-03-20T10:00:00Z"));

        harness.watermark(at("2026-03-21T00:00:00Z"));

        assertThat(decisions()).extracting(d -> d.pAccept).containsExactly(0.3, 0.72); // (30 + 6) / (30 + 20)
    }

    @Test
    void theLedgerAndItsTimersAreClearedWhenTheCooldownEnds() throws Exception {
        send(signal(SignalType.LIMIT_PRESSURE, "2026-01-07T10:00:00Z"));
        harness.watermark(at("2026-01-08T00:00:00Z"));
        assertThat(keyedStateEntries()).as("sealed account, ledger").isEqualTo(2);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        harness.watermark(at("2026-02-06T10:00:00Z"));

        assertThat(keyedStateEntries()).as("the sealed account only").isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aTombstoneClearsEverything() throws Exception {
        send(signal(SignalType.LIMIT_PRESSURE, "2026-01-07T10:00:00Z"));
        harness.watermark(at("2026-01-08T00:00:00Z"));

        send(DecisionInput.of(InputRecord.deletion("a1")));

        assertThat(keyedStateEntries()).isZero();
    }

    @Test
    void aSignalWaitingForTheWatermarkWhenItsAccountIsDeletedStillGetsItsDecision() throws Exception {
        send(signal(SignalType.LIMIT_PRESSURE, "2026-01-07T10:00:00Z"));
        send(DecisionInput.of(InputRecord.deletion("a1")));
        send(signal(SignalType.EXPLICIT_ASK, "2026-01-09T10:00:00Z"));
        harness.watermark(at("2026-01-08T00:00:00Z"));
        send(DecisionInput.of(InputRecord.of(account()))); // recreated before the second signal's time

        harness.watermark(at("2026-01-10T00:00:00Z"));

        assertThat(decisions()).extracting(d -> d.signal + " " + d.status + " " + d.reason)
                .containsExactly("limit_pressure suppressed unknown_account", "explicit_ask requested null");
    }

    @Test
    void aSignalThatArrivesBehindTheWatermarkIsDecidedAtOnceNotAtTheNextWatermark() throws Exception {
        harness.watermark(at("2026-01-10T00:00:00Z"));

        send(signal(SignalType.LIMIT_PRESSURE, "2026-01-07T10:00:00Z")); // an event held for its account, say

        assertThat(decisions()).extracting(d -> d.decidedAt + " " + d.status).containsExactly(at("2026-01-07T10:00:00Z") + " requested");
    }

    private List<OfferDecision> decisions() {
        return harness.extractOutputValues().stream().map(decided -> decided.decision).toList();
    }

    private void send(DecisionInput input) throws Exception {
        harness.processElement(new StreamRecord<>(input));
    }

    private int keyedStateEntries() {
        return ((HeapKeyedStateBackend<?>) ((AbstractStreamOperator<?>) harness.getOperator()).getKeyedStateBackend()).numKeyValueStateEntries();
    }

    private String snapshotText() throws Exception {
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (KeyedStateHandle handle : snapshot.getManagedKeyedState()) {
            try (InputStream in = ((KeyGroupsStateHandle) handle).getDelegateStateHandle().openInputStream()) {
                in.transferTo(bytes);
            }
        }
        assertThat(bytes.size()).isPositive();
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    private static Account account() {
        Account account = new Account();
        account.accountId = "a1";
        account.planId = "starter";
        account.status = "active";
        account.ownerId = "csm-7";
        account.contact = new Contact();
        account.contact.name = "Ada Lovelace";
        account.contact.email = "ops@acme.example";
        account.discountPct = 25.0;
        account.terms = Map.of("paymentTerms", "net30");
        return account;
    }

    private static DecisionInput signal(SignalType type, String firedAt) {
        Evidence evidence = new Evidence();
        evidence.trigger = Evidence.CONSECUTIVE_WEEKS;
        evidence.capability = type == SignalType.EXPLICIT_ASK ? "saml" : null;
        return DecisionInput.of(Signal.of("a1", type, at(firedAt), evidence));
    }

    private static Feedback feedback(String outcome, String at) {
        Feedback feedback = new Feedback();
        feedback.accountId = "a1";
        feedback.offerId = "offer-x";
        feedback.outcome = outcome;
        feedback.occurredAt = at(at);
        return feedback;
    }

    private static AcceptanceUpdate update(long accepted, long resolved, String at) {
        AcceptanceUpdate update = new AcceptanceUpdate();
        update.key = AcceptanceUpdate.key("limit_pressure", "starter");
        update.accepted = accepted;
        update.resolved = resolved;
        update.at = at(at);
        return update;
    }
}
