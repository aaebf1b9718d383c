package dev.upshift.jobs.decisions;

import static dev.upshift.jobs.TestRecords.account;
import static dev.upshift.jobs.TestRecords.at;
import static dev.upshift.jobs.TestRecords.counter;
import static dev.upshift.jobs.TestRecords.gauge;
import static dev.upshift.jobs.TestRecords.seatAdded;
import static dev.upshift.jobs.TestRecords.session;
import static dev.upshift.jobs.TestRecords.typed;
import static dev.upshift.jobs.TestRecords.userEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.upshift.common.config.ConfigLoader;
import dev.upshift.common.model.DeadLetter;
import dev.upshift.common.model.DecisionInput;
import dev.upshift.common.model.InputRecord;
import dev.upshift.common.model.Signal;
import dev.upshift.common.model.WeekMeasure;
import dev.upshift.jobs.runtime.OutputTags;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The account activity operator in a keyed harness: each detector it feeds, held events, late data, and that its
 * state and timers are cleared. Long because it is the table of that operator's cases, one short test each, sharing one
 * harness and one set of record builders.
 */
class AccountActivityFunctionTest {
    /** Week 1 of 2026 ends on Monday 12 January; with the default day of lateness it closes a day later. */
    private static final long WEEK_1_CLOSES = at("2026-01-13T00:00:00Z");

    private KeyedOneInputStreamOperatorTestHarness<String, InputRecord, WeekMeasure> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new AccountActivityFunction(ConfigLoader.defaults()), InputRecord::accountId, Types.STRING);
    }

    @Test
    void aWeekAtEightyPercentIsPressuredAndSeventyNinePointNineIsNot() throws Exception {
        send(account("a80", "starter"));
        send(account("a79", "starter"));
        send(gauge("e1", "a80", "storage_gb", 8.0, "2026-01-06T10:00:00Z"));
        send(gauge("e2", "a79", "storage_gb", 7.99, "2026-01-06T10:00:00Z"));

        harness.processWatermark(WEEK_1_CLOSES);

        WeekMeasure week = single(harness.extractOutputValues());
        assertThat(week.accountId).isEqualTo("a80");
        assertThat(week.rule).isEqualTo("limit_pressure");
        assertThat(week.subject).isEqualTo("storage_gb");
        assertThat(week.weekStart).isEqualTo(at("2026-01-05T00:00:00Z"));
        assertThat(week.value).isEqualTo(8.0);
        assertThat(week.limit).isEqualTo(10.0);
        assertThat(week.utilization).isEqualTo(0.8);
        assertThat(week.closedAt).isEqualTo(WEEK_1_CLOSES);
    }

    @Test
    void anAccountOnAPlanTheCatalogNoLongerHasIsEvaluatedOnItsOverridesOnly() throws Exception {
        InputRecord legacy = account("a1", "legacy-pro"); // stored before the plan was removed from the catalog
        legacy.account.limits = Map.of("storage_gb", 10.0);
        send(legacy);
        send(gauge("e1", "a1", "storage_gb", 9.0, "2026-01-06T10:00:00Z"));
        send(gauge("e2", "a1", "api_calls", 1e9, "2026-01-06T10:00:00Z"));
        send(seatAdded("s1", "a1", "2026-01-07T10:00:00Z"));
        send(seatAdded("s2", "a1", "2026-01-08T10:00:00Z"));

        harness.processWatermark(WEEK_1_CLOSES);

        assertThat(harness.extractOutputValues()).extracting(week -> week.subject + " " + week.utilization)
                .containsExactly("storage_gb 0.9");
        assertThat(signals()).extracting(signal -> signal.signal + " " + signal.evidence.limit).containsExactly("seat_growth null");
    }

    @Test
    void aStorageReportAtNinetyFivePercentHitsTheHardWallAtOnceAndOnlyOncePerThirtyDays() throws Exception {
        send(account("a1", "starter"));
        send(gauge("e1", "a1", "storage_gb", 9.49, "2026-01-06T10:00:00Z"));
        send(gauge("e2", "a1", "storage_gb", 9.5, "2026-01-06T11:00:00Z"));
        send(gauge("e3", "a1", "storage_gb", 9.9, "2026-01-20T11:00:00Z"));

        Signal wall = single(signals());
        assertThat(wall.signal).isEqualTo("limit_pressure");
        assertThat(wall.firedAt).isEqualTo(at("2026-01-06T11:00:00Z"));
        assertThat(wall.evidence.trigger).isEqualTo("hard_wall");
        assertThat(wall.evidence.utilization).isEqualTo(0.95);
        assertThat(wall.evidence.threshold).isEqualTo(0.95);
    }

    @Test
    void theApiQuotaWallCountsTheMonthToDate() throws Exception {
        send(account("a1", "starter")); // 10,000 calls a month
        send(counter("e1", "a1", "api_calls", 5_000, "2026-01-30T10:00:00Z"));
        send(counter("e2", "a1", "api_calls", 3_999, "2026-01-31T10:00:00Z"));
        send(counter("e3", "a1", "api_calls", 5_000, "2026-02-01T10:00:00Z")); // a new month starts from zero
        assertThat(harness.getSideOutput(DecisionTags.SIGNALS)).isNull();

        send(counter("e4", "a1", "api_calls", 4_000, "2026-02-02T10:00:00Z"));

        Signal wall = single(signals());
        assertThat(wall.evidence.usage).isEqualTo(9_000.0);
        assertThat(wall.evidence.threshold).isEqualTo(0.9);
    }

    @Test
    void crossingTheFourthSeatFiresAndStayingAtThreeDoesNot() throws Exception {
        send(account("a1", "starter"));
        send(gauge("e1", "a1", "seats", 3, "2026-01-05T10:00:00Z"));
        send(gauge("e2", "a1", "seats", 3, "2026-01-06T10:00:00Z"));
        assertThat(harness.getSideOutput(DecisionTags.SIGNALS)).isNull();

        send(gauge("e3", "a1", "seats", 4, "2026-01-07T10:00:00Z"));

        Signal crossing = single(signals());
        assertThat(crossing.signal).isEqualTo("seat_growth");
        assertThat(crossing.evidence.trigger).isEqualTo("seat_threshold");
        assertThat(crossing.evidence.seatThreshold).isEqualTo(4);
        assertThat(crossing.evidence.baseline).isEqualTo(3.0);
    }

    @Test
    void aProblemTicketIsPassedToTheGuardrails() throws Exception {
        send(account("a1", "starter"));
        send(typed("t1", "a1", "ticket_opened", "2026-01-06T10:00:00Z"));
        send(typed("t2", "a1", "page_view", "2026-01-06T11:00:00Z"));

        assertThat(harness.getSideOutput(DecisionTags.PROBLEM_TICKETS)).extracting(StreamRecord::getValue)
                .extracting(DecisionInput::accountId, ticket -> ticket.problemTicketAt)
                .containsExactly(tuple("a1", at("2026-01-06T10:00:00Z")));
    }

    @Test
    void sessionsMakeAPowerUserWeekAndActiveUsersAreCounted() throws Exception {
        send(account("a1", "starter"));
        for (int day = 5; day < 10; day++) {
            send(userEvent("p" + day, "a1", "session", "ann", "2026-01-0" + day + "T10:00:00Z"));
        }
        send(userEvent("b1", "a1", "session", "bob", "2026-01-06T10:00:00Z"));

        harness.processWatermark(WEEK_1_CLOSES);

        assertThat(harness.extractOutputValues()).extracting(week -> week.rule + " " + week.subject + " " + week.value)
                .containsExactly("power_user ann 5.0");
    }

    @Test
    void aRepeatedEventIdIsIgnored() throws Exception {
        send(account("a1", "starter"));
        send(gauge("same-id", "a1", "storage_gb", 4.0, "2026-01-06T10:00:00Z"));
        send(gauge("same-id", "a1", "storage_gb", 9.0, "2026-01-06T11:00:00Z"));

        harness.processWatermark(WEEK_1_CLOSES);

        assertThat(harness.extractOutputValues()).isEmpty();
    }

    @Test
    void eventsBeforeTheirAccountRecordAreHeldAndEvaluatedOnceItArrives() throws Exception {
        send(gauge("e1", "a1", "storage_gb", 9.0, "2026-01-06T10:00:00Z"));
        send(seatAdded("s1", "a1", "2026-01-07T10:00:00Z"));
        send(seatAdded("s2", "a1", "2026-01-08T10:00:00Z"));
        harness.processWatermark(at("2026-01-06T00:00:00Z"));
        assertThat(harness.getSideOutput(DecisionTags.SIGNALS)).isNull();

        send(account("a1", "team"));
        harness.processWatermark(WEEK_1_CLOSES);

        Signal seats = single(signals());
        assertThat(seats.firedAt).isEqualTo(at("2026-01-08T10:00:00Z"));
        assertThat(seats.evidence.planId).isEqualTo("team");
        assertThat(seats.evidence.limit).isEqualTo(20.0);
        assertThat(harness.extractOutputValues()).isEmpty(); // 9 GB is 9% of team's 100 GB
        assertThat(harness.getSideOutput(OutputTags.DEAD_LETTERS)).isNull();
    }

    @Test
    void heldEventsAreAppliedBeforeTheAccountsLaterEvents() throws Exception {
        send(gauge("e1", "a1", "seats", 3, "2026-01-05T10:00:00Z")); // held: no account yet
        send(account("a1", "starter"));
        send(seatAdded("s1", "a1", "2026-01-06T10:00:00Z"));
        send(seatAdded("s2", "a1", "2026-01-07T10:00:00Z"));

        assertThat(single(signals()).evidence.usage).as("the held seat level counts").isEqualTo(3.0);
        assertThat(harness.numEventTimeTimers()).as("week close only; the hold deadline is gone").isEqualTo(1);
    }

    @Test
    void heldEventsOfAnAccountThatNeverArrivesGoToTheDlqAfterTheBound() throws Exception {
        send(session("e1", "ghost", "2026-01-06T10:00:00Z"));
        send(session("e2", "ghost", "2026-01-08T10:00:00Z"));

        harness.processWatermark(at("2026-01-13T09:59:59Z"));
        assertThat(harness.getSideOutput(OutputTags.DEAD_LETTERS)).isNull();
        harness.processWatermark(at("2026-01-13T10:00:00Z"));

        assertThat(deadLetters()).extracting(letter -> letter.reason + ":" + letter.payload)
                .containsExactly("unknown_account:{\"eventId\":\"e1\"}", "unknown_account:{\"eventId\":\"e2\"}");
        harness.processWatermark(at("2026-01-20T00:00:00Z"));
        assertThat(harness.numKeyedStateEntries()).as("only the seen ids, awaiting their TTL").isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void heldEventsBeyondTheCountBoundGoStraightToTheDlq() throws Exception {
        for (int i = 0; i < 1001; i++) {
            send(session("e" + i, "ghost", "2026-01-06T10:00:00Z"));
        }

        assertThat(deadLetters()).extracting(letter -> letter.reason + ":" + letter.payload)
                .containsExactly("unknown_account:{\"eventId\":\"e1000\"}");
    }

    @Test
    void anEventIsLateOnlyOnceItsWeekHasBeenEvaluated() throws Exception {
        send(account("a1", "starter"));
        harness.processWatermark(WEEK_1_CLOSES);

        send(session("days-behind", "a1", "2026-01-12T00:00:00Z")); // week 2 is open: four days behind is fine
        send(session("late", "a1", "2026-01-11T23:59:59Z")); // week 1 was evaluated at its close

        DeadLetter letter = single(deadLetters());
        assertThat(letter.reason).isEqualTo("late_event");
        assertThat(letter.detail).isEqualTo("arrived after its week (from 2026-01-05T00:00:00Z) was evaluated at 2026-01-13T00:00:00Z "
                + "(its end plus time.allowedLateness)");
        assertThat(letter.payload).isEqualTo("{\"eventId\":\"late\"}");
        assertThat(letter.source.topic).isEqualTo("upshift.events");
    }

    @Test
    void anEventADayOutOfOrderStillCountsInItsWeeksEvaluation() throws Exception {
        send(account("a1", "starter"));
        send(gauge("e1", "a1", "storage_gb", 2.0, "2026-01-11T12:00:00Z"));
        harness.processWatermark(at("2026-01-12T20:00:00Z"));
        send(gauge("e0", "a1", "storage_gb", 8.0, "2026-01-11T08:00:00Z")); // Sunday's report, arriving Monday night

        harness.processWatermark(WEEK_1_CLOSES);

        assertThat(harness.extractOutputValues()).extracting(week -> week.subject + " " + week.utilization).containsExactly("storage_gb 0.8");
        assertThat(harness.getSideOutput(OutputTags.DEAD_LETTERS)).isNull();
    }

    @Test
    void anIncrementArrivingAfterLaterDaysOfItsMonthCountsInTheirMonthToDate() throws Exception {
        send(account("a1", "starter")); // 10,000 calls a month; the wall is at 90%
        send(counter("e1", "a1", "api_calls", 4_000, "2026-01-05T10:00:00Z"));
        send(counter("e3", "a1", "api_calls", 100, "2026-01-07T10:00:00Z"));
        send(counter("e2", "a1", "api_calls", 4_000, "2026-01-06T10:00:00Z")); // out of order: the 7th already has usage
        send(counter("e4", "a1", "api_calls", 100, "2026-01-06T11:00:00Z")); // the 6th, again, after the 7th
        assertThat(harness.getSideOutput(DecisionTags.SIGNALS)).isNull();

        send(counter("e5", "a1", "api_calls", 800, "2026-01-07T12:00:00Z"));

        Signal wall = single(signals());
        assertThat(wall.evidence.usage).as("4,000 + 4,000 + 100 + 100 + 800").isEqualTo(9_000.0);
    }

    @Test
    void heldEventsWhoseWeekWasEvaluatedBeforeTheirAccountArrivedAreLate() throws Exception {
        send(session("old", "a1", "2026-01-06T10:00:00Z"));
        send(session("recent", "a1", "2026-01-13T10:00:00Z"));
        harness.processWatermark(at("2026-01-13T05:00:00Z")); // week 1 is evaluated; the hold lasts until the 13th, 10:00

        send(account("a1", "starter"));

        assertThat(deadLetters()).extracting(letter -> letter.reason + ":" + letter.payload).containsExactly("late_event:{\"eventId\":\"old\"}");
        assertThat(single(deadLetters()).detail).startsWith("held for its account record until after its week (from 2026-01-05T00:00:00Z)");
    }

    @Test
    void usageWindowsHistoryAndTimersAreGoneOnceRetentionPasses() throws Exception {
        send(account("a1", "starter"));
        send(gauge("e1", "a1", "storage_gb", 9.0, "2026-01-06T10:00:00Z"));
        send(seatAdded("s1", "a1", "2026-01-07T10:00:00Z"));
        send(userEvent("f1", "a1", "feature_gate", "ann", "2026-01-07T11:00:00Z"));
        assertThat(harness.numKeyedStateEntries()).as("account, seen ids, daily usage, day index, weekly activity, event windows")
                .isEqualTo(6);

        harness.processWatermark(at("2026-01-20T00:00:00Z"));
        assertThat(harness.numKeyedStateEntries()).as("weekly activity read and removed, weekly history kept; windows not yet expired")
                .isEqualTo(6);
        harness.processWatermark(at("2026-04-28T00:00:00Z")); // the first week close after 105 days

        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numKeyedStateEntries()).as("the account record and the seen ids awaiting their TTL").isEqualTo(2);
    }

    @Test
    void seenEventIdsAreForgottenAfterTheirRetention() throws Exception {
        send(account("a1", "starter"));
        harness.setStateTtlProcessingTime(0);
        send(seatAdded("s1", "a1", "2026-01-06T10:00:00Z"));
        send(seatAdded("s1", "a1", "2026-01-06T10:00:00Z"));
        assertThat(harness.getSideOutput(DecisionTags.SIGNALS)).as("a repeat is not a second seat").isNull();

        harness.setStateTtlProcessingTime(Duration.ofDays(9).toMillis());
        send(seatAdded("s1", "a1", "2026-01-06T10:00:00Z"));

        assertThat(harness.getSideOutput(DecisionTags.SIGNALS)).as("remembered no longer").hasSize(1);
    }

    @Test
    void signalMemoryIsClearedAtTheFirstWeekCloseAfterTheHardWallReArms() throws Exception {
        send(account("a1", "starter"));
        send(gauge("e1", "a1", "storage_gb", 9.9, "2026-01-06T10:00:00Z"));
        send(gauge("e2", "a1", "storage_gb", 1.0, "2026-02-03T10:00:00Z"));
        harness.processWatermark(at("2026-02-03T00:00:00Z"));
        assertThat(harness.numKeyedStateEntries()).as("account, seen ids, daily usage, index, history, memory").isEqualTo(6);

        harness.processWatermark(at("2026-02-10T00:00:00Z")); // the first close 30 days after the wall

        assertThat(harness.numKeyedStateEntries()).isEqualTo(5);
    }

    @Test
    void weeklyActivityIsRemovedAtItsWeekCloseAndNoTimerIsLeft() throws Exception {
        send(account("a1", "starter"));
        send(userEvent("s1", "a1", "session", "ann", "2026-01-06T10:00:00Z"));
        send(userEvent("s2", "a1", "page_view", "bob", "2026-01-07T10:00:00Z"));
        assertThat(accountsWith("weekly-activity")).isEqualTo(1);

        harness.processWatermark(WEEK_1_CLOSES);

        assertThat(accountsWith("weekly-activity")).isZero();
        assertThat(accountsWith("weekly-history")).as("kept for the baselines; account TTL").isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void whenBoundedInputEndsTheWeeksAfterTheLastEventAreNotJudged() throws Exception {
        send(account("a1", "starter"));
        send(counter("e1", "a1", "api_calls", 100, "2026-01-06T10:00:00Z"));
        for (int week = 0; week < 4; week++) {
            send(counter("w" + week, "a1", "api_calls", 1_000, Instant.parse("2026-01-13T10:00:00Z").plus(Duration.ofDays(7L * week)).toString()));
        }

        harness.processWatermark(Long.MAX_VALUE);

        assertThat(harness.getSideOutput(DecisionTags.SIGNALS)).as("no usage_drop from the silence after the data").isNull();
    }

    @Test
    void weeklyClosesStopOnceNoCounterWindowCanSeeUsage() throws Exception {
        send(account("a1", "starter"));
        send(gauge("e1", "a1", "storage_gb", 9.0, "2026-01-06T10:00:00Z"));

        harness.processWatermark(at("2026-02-10T00:00:00Z")); // weeks 1 to 5 closed; week 5's window still sees Jan 6
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        harness.processWatermark(at("2026-02-17T00:00:00Z")); // week 6's window does not: only the retention close is left

        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        assertThat(harness.numKeyedStateEntries()).as("account, seen ids, daily usage, index, weekly history").isEqualTo(5);
    }

    @Test
    void aTombstoneClearsEverything() throws Exception {
        send(account("a1", "starter"));
        send(gauge("e1", "a1", "storage_gb", 9.0, "2026-01-06T10:00:00Z"));

        send(InputRecord.deletion("a1"));
        harness.processWatermark(at("2026-02-01T00:00:00Z"));

        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.extractOutputValues()).isEmpty();
    }

    private void send(InputRecord record) throws Exception {
        if (record.event != null) {
            harness.processElement(record, record.event.occurredAt);
        } else {
            harness.processElement(new StreamRecord<>(record));
        }
    }

    private long accountsWith(String stateName) throws Exception {
        try (var keys = harness.getOperator().getKeyedStateBackend().getKeys(stateName, VoidNamespace.INSTANCE)) {
            return keys.count();
        }
    }

    private List<Signal> signals() {
        return harness.getSideOutput(DecisionTags.SIGNALS).stream().map(StreamRecord::getValue).collect(Collectors.toList());
    }

    private List<DeadLetter> deadLetters() {
        return harness.getSideOutput(OutputTags.DEAD_LETTERS).stream().map(StreamRecord::getValue).collect(Collectors.toList());
    }

    private static <T> T single(List<T> values) {
        assertThat(values).hasSize(1);
        return values.get(0);
    }
}
