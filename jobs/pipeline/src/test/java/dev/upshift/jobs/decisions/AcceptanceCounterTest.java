package dev.upshift.jobs.decisions;

import static dev.upshift.jobs.TestRecords.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.upshift.common.model.AcceptanceUpdate;
import dev.upshift.common.model.Feedback;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AcceptanceCounterTest {
    private KeyedOneInputStreamOperatorTestHarness<String, Feedback, AcceptanceUpdate> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new AcceptanceCounter(),
                feedback -> AcceptanceUpdate.key(feedback.signal, feedback.segment), Types.STRING);
    }

    @Test
    void outcomesArrivingOutOfOrderAreCountedInEventTimeOrder() throws Exception {
        send(outcome(Feedback.DECLINED, "2026-01-21T12:00:00Z"));
        send(outcome(Feedback.ACCEPTED, "2026-01-09T09:00:00Z"));

        harness.processWatermark(at("2026-01-22T00:00:00Z"));

        assertThat(harness.extractOutputValues()).extracting(u -> u.at, u -> u.accepted, u -> u.resolved).containsExactly(
                tuple(at("2026-01-09T09:00:00Z"), 1L, 1L),
                tuple(at("2026-01-21T12:00:00Z"), 1L, 2L));
        assertThat(harness.numKeyedStateEntries()).as("the running count only; no outcome left waiting").isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    private void send(Feedback feedback) throws Exception {
        harness.processElement(feedback, feedback.occurredAt);
    }

    private static Feedback outcome(String outcome, String at) {
        Feedback feedback = new Feedback();
        feedback.accountId = "a1";
        feedback.offerId = "o-" + at;
        feedback.outcome = outcome;
        feedback.occurredAt = at(at);
        feedback.signal = "explicit_ask";
        feedback.segment = "starter";
        return feedback;
    }
}
