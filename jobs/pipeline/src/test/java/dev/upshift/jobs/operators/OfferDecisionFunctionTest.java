package dev.upshift.jobs.operators;

import static dev.upshift.jobs.TestRecords.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.upshift.common.config.ConfigLoader;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.logic.OfferPolicy;
import dev.upshift.common.model.Evidence;
import dev.upshift.common.model.OfferDecision;
import dev.upshift.common.model.Signal;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OfferDecisionFunctionTest {
    private KeyedOneInputStreamOperatorTestHarness<String, Signal, OfferDecision> harness;

    @BeforeEach
    void setUp() throws Exception {
        UpshiftConfig config = ConfigLoader.defaults();
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new OfferDecisionFunction(new OfferPolicy(config.catalog(), config.offers())),
                signal -> signal.accountId, Types.STRING);
    }

    @Test
    void oneOfferPerThirtyDaysAndEverySuppressionRecorded() throws Exception {
        send(signal(Signal.SEAT_GROWTH, "2026-01-07T10:00:00Z"));
        send(signal(Signal.LIMIT_PRESSURE, "2026-01-26T01:00:00Z"));
        send(signal(Signal.LIMIT_PRESSURE, "2026-02-06T10:00:00Z"));

        harness.processWatermark(at("2026-03-01T00:00:00Z"));

        assertThat(harness.extractOutputValues())
                .extracting(d -> d.signal + " " + d.status + " " + d.reason + " " + d.target)
                .containsExactly(
                        "seat_growth requested null team",
                        "limit_pressure suppressed cooldown null",
                        "limit_pressure requested null team");
        assertThat(harness.extractOutputValues().get(1).suppressedUntil).isEqualTo(at("2026-02-06T10:00:00Z"));
    }

    @Test
    void signalsArrivingOutOfOrderAreDecidedInEventTimeOrder() throws Exception {
        send(signal(Signal.LIMIT_PRESSURE, "2026-01-26T01:00:00Z"));
        send(signal(Signal.SEAT_GROWTH, "2026-01-20T10:00:00Z"));

        harness.processWatermark(at("2026-01-27T00:00:00Z"));

        assertThat(harness.extractOutputValues())
                .extracting(d -> d.signal + " " + d.status)
                .containsExactly("seat_growth requested", "limit_pressure suppressed");
    }

    @Test
    void cooldownStateAndTimersAreClearedWhenTheCooldownEnds() throws Exception {
        send(signal(Signal.SEAT_GROWTH, "2026-01-07T10:00:00Z"));
        harness.processWatermark(at("2026-01-08T00:00:00Z"));
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        harness.processWatermark(at("2026-02-06T10:00:00Z"));

        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    private void send(Signal signal) throws Exception {
        harness.processElement(signal, signal.firedAt);
    }

    private static Signal signal(String type, String firedAt) {
        Evidence evidence = new Evidence();
        evidence.planId = "starter";
        return Signal.of("a1", type, at(firedAt), evidence);
    }
}
