package dev.upshift.jobs.decisions;

import dev.upshift.common.config.Delivery;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.logic.AcceptanceRates;
import dev.upshift.common.logic.OfferPolicy;
import dev.upshift.common.mail.MailKeys;
import dev.upshift.common.model.AcceptanceUpdate;
import dev.upshift.common.model.Account;
import dev.upshift.common.model.DecidedOffer;
import dev.upshift.common.model.DecisionInput;
import dev.upshift.common.model.MailDraft;
import dev.upshift.common.model.OfferDecision;
import dev.upshift.common.model.Signal;
import dev.upshift.common.model.Suppression;
import dev.upshift.common.state.AcceptanceHistory;
import dev.upshift.common.state.OfferLedger;
import dev.upshift.common.vault.AccountVault;
import dev.upshift.jobs.runtime.Secrets;
import dev.upshift.jobs.runtime.metrics.CountersByKey;
import dev.upshift.jobs.runtime.metrics.UpshiftMetrics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Decides, per account, what to do with each signal: offer, withhold (holdout), hand to the owner, or
 * suppress with a reason; and keeps the guardrails' ledger from outcomes and problem tickets. Everything with
 * an event time waits for the watermark and is applied in event-time order, so that replays and backtests
 * decide exactly alike. Learned acceptance counts arrive on the broadcast side.
 *
 * <p>Each decision goes on, with its signal, the mail it asks for and the address key of the account's contact, to
 * the {@link SuppressionList}, which has the last word. A contact who opts out (an {@code unsubscribed} outcome,
 * or an account record that says {@code optedOut}) is written to the suppression list too
 * ({@link OutputTags#LEARNED_SUPPRESSIONS}): the ledger here forgets with the account, the list does not.
 */
public class OfferDecisionFunction extends KeyedBroadcastProcessFunction<String, DecisionInput, AcceptanceUpdate, DecidedOffer> {
    private static final Comparator<DecisionInput> EVENT_TIME_ORDER = Comparator.comparingLong(OfferDecisionFunction::timeOf)
            .thenComparingInt(OfferDecisionFunction::applyOrder)
            .thenComparing(input -> input.kind() == DecisionInput.Kind.SIGNAL ? input.signal.signal + OfferPolicy.offerId(input.signal) : "")
            .thenComparing(input -> input.kind() == DecisionInput.Kind.OUTCOME && input.feedback.offerId != null ? input.feedback.offerId : "");

    private final OfferPolicy policy;
    private final String vaultKeyFile;
    private final Delivery delivery;

    private transient CountersByKey signalsIn;
    private transient AccountVault vault;
    private transient MailKeys keys;
    private transient ValueState<Account> sealedAccount;
    private transient ListState<DecisionInput> pendingInputs;
    private transient ValueState<OfferLedger> ledgerState;

    public OfferDecisionFunction(UpshiftConfig config) {
        this.policy = new OfferPolicy(config);
        this.vaultKeyFile = config.vault().keyFile();
        this.delivery = config.delivery();
    }

    @Override
    public void open(OpenContext openContext) {
        MetricGroup metrics = UpshiftMetrics.of(getRuntimeContext().getMetricGroup());
        signalsIn = new CountersByKey(metrics, "signal", "signals");
        vault = AccountVault.forOperators(vaultKeyFile);
        keys = new MailKeys(Secrets.agentSecret(delivery));
        sealedAccount = getRuntimeContext().getState(sealedAccount());
        pendingInputs = getRuntimeContext().getListState(pendingDecisionInputs());
        ledgerState = getRuntimeContext().getState(offerLedger());
    }

    @Override
    public void processElement(DecisionInput input, ReadOnlyContext ctx, Collector<DecidedOffer> out) throws Exception {
        switch (input.kind()) {
            case ACCOUNT -> onAccount(input.account, ctx);
            case DELETION -> forgetAccount();
            case SIGNAL, OUTCOME, PROBLEM_TICKET -> {
                pendingInputs.add(input);
                if (timeOf(input) <= ctx.currentWatermark()) {
                    // Arrived behind the watermark (an event held for its account, a late outcome): decided now, not at the
                    // next watermark, which a quiet stream may not bring for a long time.
                    decideDue(timeOf(input), ctx, out);
                } else {
                    ctx.timerService().registerEventTimeTimer(timeOf(input));
                }
            }
        }
    }

    private void onAccount(Account account, ReadOnlyContext ctx) throws Exception {
        if (account.hasOptedOut()) {
            String optedOutContact = contactKey(account);
            if (optedOutContact != null) {
                ctx.output(DecisionTags.LEARNED_SUPPRESSIONS, Suppression.of(optedOutContact, Suppression.ACCOUNT_OPTED_OUT,
                        account.accountId, null, null));
            }
        }
        if (account.isChurned()) {
            forgetAccount();
        } else {
            forgetBounceOnNewContact(account);
            sealedAccount.update(vault.seal(account));
        }
    }

    /** A hard bounce stops mail to the address that bounced, not to the contact the account names next. */
    private void forgetBounceOnNewContact(Account account) throws Exception {
        OfferLedger ledger = ledgerState.value();
        Account previous = sealedAccount.value();
        if (ledger == null || !ledger.contactBounced || previous == null || sameAddress(vault.open(previous), account)) {
            return;
        }
        ledger.contactBounced = false;
        if (ledger.relevantUntil(policy.guardrails().cooldownMillis()) == null && !ledger.optedOut) {
            ledgerState.clear();
        } else {
            ledgerState.update(ledger);
        }
    }

    private static boolean sameAddress(Account a, Account b) {
        String first = a.contact == null ? null : a.contact.email;
        String second = b.contact == null ? null : b.contact.email;
        return first == null ? second == null : first.equalsIgnoreCase(String.valueOf(second));
    }

    /**
     * A tombstone or a churned record: the account and its ledger go. Signals and outcomes already waiting for the
     * watermark stay and are decided at their time (against the record that follows, if one does, else as
     * {@code unknown_account}): every signal gets its decision, and an unsubscribe still reaches the suppression list.
     */
    private void forgetAccount() {
        sealedAccount.clear();
        ledgerState.clear();
    }

    @Override
    public void processBroadcastElement(AcceptanceUpdate update, Context ctx, Collector<DecidedOffer> out) throws Exception {
        BroadcastState<String, AcceptanceHistory> rates = ctx.getBroadcastState(acceptanceRates());
        AcceptanceHistory history = rates.get(update.key);
        if (history == null) {
            history = new AcceptanceHistory();
        }
        history.add(update);
        history.compact(ctx.currentWatermark());
        rates.put(update.key, history);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<DecidedOffer> out) throws Exception {
        decideDue(timestamp, ctx, out);
    }

    /** Applies what is due at {@code timestamp} in event-time order, then lets the ledger forget what no longer matters. */
    private void decideDue(long timestamp, ReadOnlyContext ctx, Collector<DecidedOffer> out) throws Exception {
        OfferLedger ledger = ledgerState.value();
        if (ledger == null) {
            ledger = new OfferLedger();
        }
        List<DecisionInput> due = takeDue(timestamp);
        if (!due.isEmpty()) {
            Account account = accountFor(due);
            AcceptanceRates rates = ratesAsSeen(ctx.getBroadcastState(acceptanceRates()));
            apply(due, account, ledger, rates, ctx, out);
        }
        long cooldown = policy.guardrails().cooldownMillis();
        if (ledger.expire(timestamp, cooldown)) {
            ledgerState.clear();
        } else {
            ledgerState.update(ledger);
            Long until = ledger.relevantUntil(cooldown);
            if (until != null) {
                ctx.timerService().registerEventTimeTimer(until);
            }
        }
    }

    /**
     * The account; its terms are opened only when a signal is to be decided (the discount values offers, the
     * contact keys the suppression list) or a contact opted out.
     */
    private Account accountFor(List<DecisionInput> due) throws Exception {
        Account sealed = sealedAccount.value();
        boolean needsTerms = due.stream().anyMatch(input -> switch (input.kind()) {
            case SIGNAL -> true;
            case OUTCOME -> input.feedback.optsOut();
            case ACCOUNT, DELETION, PROBLEM_TICKET -> false;
        });
        return sealed != null && needsTerms ? vault.open(sealed) : sealed;
    }

    /** The address key of the account's contact, when its terms are open and it names an address. */
    private String contactKey(Account account) {
        return account == null || account.contact == null || account.contact.email == null || account.contact.email.isBlank()
                ? null : keys.addressKey(account.contact.email);
    }

    /** Removes and returns the inputs whose time has come, in the order they are applied. */
    private List<DecisionInput> takeDue(long timestamp) throws Exception {
        List<DecisionInput> due = new ArrayList<>();
        List<DecisionInput> later = new ArrayList<>();
        for (DecisionInput input : pendingInputs.get()) {
            (timeOf(input) <= timestamp ? due : later).add(input);
        }
        if (!due.isEmpty()) {
            pendingInputs.update(later);
            due.sort(EVENT_TIME_ORDER);
        }
        return due;
    }

    /**
     * Tickets and outcomes first, then the signals of each moment decided together, as one batch. The contact's
     * address key (an HMAC) is the same for all of them: it is computed once.
     */
    private void apply(List<DecisionInput> due, Account account, OfferLedger ledger, AcceptanceRates rates,
            ReadOnlyContext ctx, Collector<DecidedOffer> out) throws IOException {
        String contactKey = contactKey(account);
        List<Signal> batch = new ArrayList<>();
        for (DecisionInput input : due) {
            DecisionInput.Kind kind = input.kind();
            if (kind != DecisionInput.Kind.SIGNAL && !batch.isEmpty()) {
                decide(batch, account, contactKey, ledger, rates, out);
            }
            switch (kind) {
                case PROBLEM_TICKET -> policy.guardrails().problemTicket(ledger, input.problemTicketAt);
                case OUTCOME -> {
                    for (OfferLedger.LedgerEntry entry : policy.guardrails().applyOutcome(ledger, input.feedback)) {
                        out.collect(DecidedOffer.of(null, policy.withdrawal(entry, account, input.feedback.accountId, input.feedback.occurredAt),
                                null, contactKey));
                    }
                    if (input.feedback.optsOut() && contactKey != null) {
                        ctx.output(DecisionTags.LEARNED_SUPPRESSIONS, Suppression.of(contactKey, input.feedback.outcome,
                                input.feedback.accountId, input.feedback.offerId, input.feedback.occurredAt));
                    }
                }
                case SIGNAL -> {
                    if (!batch.isEmpty() && batch.get(0).firedAt != input.signal.firedAt) {
                        decide(batch, account, contactKey, ledger, rates, out);
                    }
                    signalsIn.inc(input.signal.signal);
                    batch.add(input.signal);
                }
                // Applied on arrival, never held for the watermark.
                case ACCOUNT, DELETION -> throw new IllegalStateException(kind + " held as a pending decision input");
            }
        }
        if (!batch.isEmpty()) {
            decide(batch, account, contactKey, ledger, rates, out);
        }
    }

    private void decide(List<Signal> batch, Account account, String contactKey, OfferLedger ledger, AcceptanceRates rates,
            Collector<DecidedOffer> out) throws IOException {
        for (OfferPolicy.Decided decided : policy.decide(batch, account, ledger, rates, batch.get(0).firedAt)) {
            boolean mail = delivery.enabled() && OfferDecision.REQUESTED.equals(decided.decision().status);
            out.collect(DecidedOffer.of(decided.signal(), decided.decision(), mail ? mailRequest(decided.decision()) : null, contactKey));
        }
        batch.clear();
    }

    /** The offer, and the account's terms still sealed: only the drafting and sending steps open them. */
    private MailDraft mailRequest(OfferDecision decision) throws IOException {
        MailDraft request = new MailDraft();
        request.offerId = decision.offerId;
        request.accountId = decision.accountId;
        request.ownerId = decision.ownerId;
        request.decision = decision;
        request.account = sealedAccount.value();
        request.draftedAt = decision.decidedAt;
        return request;
    }

    private static AcceptanceRates ratesAsSeen(ReadOnlyBroadcastState<String, AcceptanceHistory> state) {
        return (signal, segment, asOf) -> {
            try {
                AcceptanceHistory history = state.get(AcceptanceUpdate.key(signal, segment));
                AcceptanceUpdate update = history == null ? null : history.asOf(asOf);
                return update == null ? AcceptanceRates.NONE : new AcceptanceRates.Observed(update.accepted, update.resolved);
            } catch (Exception e) {
                throw new IllegalStateException("cannot read acceptance rates", e);
            }
        };
    }

    private static long timeOf(DecisionInput input) {
        return switch (input.kind()) {
            case SIGNAL -> input.signal.firedAt;
            case OUTCOME -> input.feedback.occurredAt;
            case PROBLEM_TICKET -> input.problemTicketAt;
            case ACCOUNT, DELETION -> throw new IllegalStateException(input.kind() + " has no event time of its own");
        };
    }

    /** At one moment: tickets, then outcomes, then signals, so a signal sees what happened at its own time. */
    private static int applyOrder(DecisionInput input) {
        return switch (input.kind()) {
            case PROBLEM_TICKET -> 0;
            case OUTCOME -> 1;
            case SIGNAL, ACCOUNT, DELETION -> 2;
        };
    }

    // Its keyed state. The names are part of the savepoint format: never rename one without a migration.

    /**
     * Latest account record with its terms sealed (AES-GCM). cleared on
     * tombstone or churn; TTL backstop.
     */
    private static ValueStateDescriptor<Account> sealedAccount() {
        return AccountTtl.backstop(new ValueStateDescriptor<>("sealed-account", Types.POJO(Account.class)));
    }

    /**
     * Offers inside the cooldown and the pauses in force. Pruned by a timer
     * when the last of them ends; an opt-out is kept until the TTL backstop (the {@code suppression} state of the {@link SuppressionList} keeps it for good).
     */
    private static ValueStateDescriptor<OfferLedger> offerLedger() {
        return AccountTtl.backstop(new ValueStateDescriptor<>("offer-ledger", Types.POJO(OfferLedger.class)));
    }

    /**
     * Broadcast: the acceptance counts every decision operator ranks with, by {@code signal|segment}, as a short
     * history so that a decision uses the counts as of its own event time.
     */
    public static MapStateDescriptor<String, AcceptanceHistory> acceptanceRates() {
        return new MapStateDescriptor<>("acceptance-rates", Types.STRING, Types.POJO(AcceptanceHistory.class));
    }

    /**
     * Signals, outcomes and problem tickets waiting for the watermark. Drained by the timer at each one's event time.
     */
    private static ListStateDescriptor<DecisionInput> pendingDecisionInputs() {
        return new ListStateDescriptor<>("pending-decision-inputs", Types.POJO(DecisionInput.class));
    }
}
