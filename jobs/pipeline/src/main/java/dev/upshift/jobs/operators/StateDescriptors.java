package dev.upshift.jobs.operators;

import dev.upshift.common.model.AcceptanceUpdate;
import dev.upshift.common.model.Account;
import dev.upshift.common.model.Approval;
import dev.upshift.common.model.DayUsage;
import dev.upshift.common.model.DecidedOffer;
import dev.upshift.common.model.DecisionInput;
import dev.upshift.common.model.DeliveryRecord;
import dev.upshift.common.model.Feedback;
import dev.upshift.common.model.MailDraft;
import dev.upshift.common.model.Suppression;
import dev.upshift.common.model.UsageDays;
import dev.upshift.common.model.UsageEvent;
import dev.upshift.common.model.WeekActivity;
import dev.upshift.common.reply.ReceivedReply;
import dev.upshift.common.state.AcceptanceHistory;
import dev.upshift.common.state.EventWindows;
import dev.upshift.common.state.OfferLedger;
import dev.upshift.common.state.ReplyThread;
import dev.upshift.common.state.SignalMemory;
import dev.upshift.common.state.WeekRun;
import dev.upshift.common.state.WeeklyHistory;
import java.time.Duration;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * Every piece of keyed state the job keeps, in one place, with who clears it. Names are part of the
 * savepoint format: never rename one without a migration.
 */
public final class StateDescriptors {
    /** A safety net only: accounts are cleared by a tombstone or a churned record; this catches the forgotten. */
    static final Duration ACCOUNT_TTL = Duration.ofDays(400);

    private StateDescriptors() {}

    /**
     * Latest account record, without its sensitive terms. Owner: {@link AccountActivityFunction}; cleared on
     * tombstone or churn; TTL backstop.
     */
    static ValueStateDescriptor<Account> account() {
        return withAccountTtl(new ValueStateDescriptor<>("account", Types.POJO(Account.class)));
    }

    /**
     * Latest account record with its terms sealed (AES-GCM). Owner: {@link OfferDecisionFunction}; cleared on
     * tombstone or churn; TTL backstop.
     */
    static ValueStateDescriptor<Account> sealedAccount() {
        return withAccountTtl(new ValueStateDescriptor<>("sealed-account", Types.POJO(Account.class)));
    }

    /** Once-only and re-arming signal memory. Owner: {@link AccountActivityFunction}; pruned at week close; TTL backstop. */
    static ValueStateDescriptor<SignalMemory> signalMemory() {
        return withAccountTtl(new ValueStateDescriptor<>("signal-memory", Types.POJO(SignalMemory.class)));
    }

    /**
     * Offers inside the cooldown and the pauses in force. Owner: {@link OfferDecisionFunction}; pruned by a timer
     * when the last of them ends; an opt-out is kept until the TTL backstop (the {@link #suppression()} keeps it for good).
     */
    static ValueStateDescriptor<OfferLedger> offerLedger() {
        return withAccountTtl(new ValueStateDescriptor<>("offer-ledger", Types.POJO(OfferLedger.class)));
    }

    /**
     * A contact on the suppression list, by address key. Owner: {@link SuppressionList}. The one piece of state with
     * no timer and no TTL, on purpose: an opt-out must outlive everything else. It is bounded by the number of contacts
     * who ever opted out, and only an explicit lift record clears it.
     */
    static ValueStateDescriptor<Suppression> suppression() {
        return new ValueStateDescriptor<>("suppression", Types.POJO(Suppression.class));
    }

    /** Decisions ahead of the watermark. Owner: {@link SuppressionList}; drained by the timer at each one's time. */
    static ListStateDescriptor<DecidedOffer> decisionsAwaitingSuppressionList() {
        return new ListStateDescriptor<>("decisions-awaiting-suppression-list", Types.POJO(DecidedOffer.class));
    }

    /** Unsubscribes ahead of the watermark. Owner: {@link SuppressionList}; drained by the timer at each one's time. */
    static ListStateDescriptor<Suppression> suppressionsAwaitingWatermark() {
        return new ListStateDescriptor<>("suppressions-awaiting-watermark", Types.POJO(Suppression.class));
    }

    /** Outcomes waiting for the watermark. Owner: {@link AcceptanceCounter}; drained by the timer at each one's time. */
    static ListStateDescriptor<Feedback> pendingOutcomes() {
        return new ListStateDescriptor<>("pending-outcomes", Types.POJO(Feedback.class));
    }

    /** Outcome counts of one signal in one segment. Owner: {@link AcceptanceCounter}; refreshed by every outcome; TTL backstop. */
    static ValueStateDescriptor<AcceptanceUpdate> acceptanceCount() {
        return withAccountTtl(new ValueStateDescriptor<>("acceptance-count", Types.POJO(AcceptanceUpdate.class)));
    }

    /**
     * Broadcast: the acceptance counts every decision operator ranks with, by {@code signal|segment}, as a short
     * history so that a decision uses the counts as of its own event time. Owner: {@link OfferDecisionFunction}.
     */
    public static MapStateDescriptor<String, AcceptanceHistory> acceptanceRates() {
        return new MapStateDescriptor<>("acceptance-rates", Types.STRING, Types.POJO(AcceptanceHistory.class));
    }

    private static <T> ValueStateDescriptor<T> withAccountTtl(ValueStateDescriptor<T> descriptor) {
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(ACCOUNT_TTL)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build());
        return descriptor;
    }

    /**
     * Ids of recently seen events. Owner: {@link AccountActivityFunction}; forgotten after {@code ttl} of
     * processing time by state TTL, cleaned in RocksDB compaction: no scans, no timers per event.
     */
    static MapStateDescriptor<String, Boolean> seenEventIds(Duration ttl) {
        MapStateDescriptor<String, Boolean> descriptor = new MapStateDescriptor<>("seen-event-ids", Types.STRING, Types.BOOLEAN);
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(ttl)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .cleanupIncrementally(10, false)
                .cleanupInRocksdbCompactFilter(1000)
                .build());
        return descriptor;
    }

    /** Events waiting for their account record. Owner: {@link AccountActivityFunction}; drained or dead-lettered. */
    static ListStateDescriptor<UsageEvent> pendingEvents() {
        return new ListStateDescriptor<>("pending-events", Types.POJO(UsageEvent.class));
    }

    /** Count and deadline of {@link #pendingEvents()}. Cleared with it. */
    static ValueStateDescriptor<PendingBuffer> pendingBuffer() {
        return new ValueStateDescriptor<>("pending-buffer", Types.POJO(PendingBuffer.class));
    }

    /** Epoch day to that day's usage by metric. Owner: {@link AccountActivityFunction}; pruned at week close. */
    static MapStateDescriptor<Long, DayUsage> dailyUsage() {
        return new MapStateDescriptor<>("daily-usage", Types.LONG, Types.POJO(DayUsage.class));
    }

    /** Which days {@link #dailyUsage()} holds. Pruned with it; cleared when no day is left. */
    static ValueStateDescriptor<UsageDays> usageDays() {
        return new ValueStateDescriptor<>("usage-days", Types.POJO(UsageDays.class));
    }

    /**
     * ISO week (its Monday's epoch day) to that week's active users and counted behaviours. Owner:
     * {@link AccountActivityFunction}; each entry is removed at its week close.
     */
    static MapStateDescriptor<Long, WeekActivity> weeklyActivity() {
        return new MapStateDescriptor<>("weekly-activity", Types.LONG, Types.POJO(WeekActivity.class));
    }

    /** Recent event times per window rule. Owner: {@link AccountActivityFunction}; expired at week close, cleared when empty. */
    static ValueStateDescriptor<EventWindows> eventWindows() {
        return new ValueStateDescriptor<>("event-windows", Types.POJO(EventWindows.class));
    }

    /**
     * Weekly values for the baseline detectors. Owner: {@link AccountActivityFunction}; cleared with the last
     * usage day; TTL backstop for accounts that report activity but no usage.
     */
    static ValueStateDescriptor<WeeklyHistory> weeklyHistory() {
        return withAccountTtl(new ValueStateDescriptor<>("weekly-history", Types.POJO(WeeklyHistory.class)));
    }

    /**
     * A weekly rule's qualifying weeks in a row, per pattern key. Owner: {@link WeekRuns}; cleared when the run is
     * complete, and by a timer when the week that would continue it closes without it.
     */
    static ValueStateDescriptor<WeekRun> weekRun() {
        return new ValueStateDescriptor<>("week-run", Types.POJO(WeekRun.class));
    }

    /**
     * Signals, outcomes and problem tickets waiting for the watermark. Owner: {@link OfferDecisionFunction};
     * drained by the timer at each one's event time.
     */
    static ListStateDescriptor<DecisionInput> pendingDecisionInputs() {
        return new ListStateDescriptor<>("pending-decision-inputs", Types.POJO(DecisionInput.class));
    }

    /**
     * Mails waiting for their send window to open, by offerId. Owner: {@code SendWindowFunction}; each is removed
     * by the event-time timer at its window's opening.
     */
    public static MapStateDescriptor<String, MailDraft> heldMails() {
        return new MapStateDescriptor<>("held-mails", Types.STRING, Types.POJO(MailDraft.class));
    }

    /**
     * The latest outcome for an account, which stops its mail drafted before it. Owner: {@code SendWindowFunction};
     * cleared by the event-time timer once no mail drafted before it can still arrive.
     */
    public static ValueStateDescriptor<Feedback> mailStop() {
        return new ValueStateDescriptor<>("mail-stop", Types.POJO(Feedback.class));
    }

    /** A draft waiting for its reviewer. Owner: {@code ReviewGate}; cleared by a decision or by the expiry timer. */
    public static ValueStateDescriptor<MailDraft> draftInReview() {
        return new ValueStateDescriptor<>("draft-in-review", Types.POJO(MailDraft.class));
    }

    /**
     * Decisions that arrived before their draft (a replay reads the approvals topic faster than drafts are made).
     * Owner: {@code ReviewGate}; applied when the draft arrives, or dead-lettered by the expiry timer.
     */
    public static ListStateDescriptor<Approval> earlyApprovals() {
        return new ListStateDescriptor<>("early-approvals", Types.POJO(Approval.class));
    }

    /**
     * An offer's thread as the reply desk follows it. Owner: {@code ReplyDesk}; cleared by the processing-time timer
     * {@code conversationTtl} after the last thing that happened in it.
     */
    public static ValueStateDescriptor<ReplyThread> replyThread() {
        return new ValueStateDescriptor<>("reply-thread", Types.POJO(ReplyThread.class));
    }

    /**
     * Replies whose offer mail's record has not arrived yet. Owner: {@code ReplyDesk}; handled when it arrives, or
     * forwarded as unmatched by the grace timer.
     */
    public static ListStateDescriptor<ReceivedReply> repliesAwaitingThread() {
        return new ListStateDescriptor<>("replies-awaiting-thread", Types.POJO(ReceivedReply.class));
    }

    /**
     * The latest offer mail sent to a contact, by the contact's address key, to place replies that carry no thread
     * headers. Owner: {@code MatchBySender}; cleared by the processing-time timer when its conversation would end.
     */
    public static ValueStateDescriptor<DeliveryRecord> lastOfferMailToContact() {
        return new ValueStateDescriptor<>("last-offer-mail-to-contact", Types.POJO(DeliveryRecord.class));
    }
}
