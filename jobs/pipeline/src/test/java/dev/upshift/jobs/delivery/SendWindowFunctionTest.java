package dev.upshift.jobs.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upshift.common.config.ConfigLoader;
import dev.upshift.common.model.AuditRecord;
import dev.upshift.common.model.MailDraft;
import dev.upshift.jobs.operators.OutputTags;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Mails wait in state for their window (Tuesday to Thursday, 09:00 to 17:00 local) and leave when it opens. */
class SendWindowFunctionTest {
    private KeyedOneInputStreamOperatorTestHarness<String, MailDraft, MailDraft> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new SendWindowFunction(ConfigLoader.defaults().delivery().sendWindow(), "v1"), mail -> mail.accountId, Types.STRING);
    }

    @Test
    void aMailInsideItsWindowLeavesAtOnce() throws Exception {
        harness.processElement(mail("a", "Europe/Berlin"), at("2026-01-07T11:00:00Z"));

        assertThat(harness.extractOutputValues()).extracting(m -> m.offerId).containsExactly("a");
        assertThat(harness.getSideOutput(OutputTags.AUDIT)).isNull();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void aMailOutsideItsWindowIsHeldAuditedAndReleasedWhenItOpensThenForgotten() throws Exception {
        // Saturday evening: Berlin opens Tuesday 09:00 CET (08:00Z), New York Tuesday 09:00 EST (14:00Z).
        harness.processElement(mail("berlin", "Europe/Berlin"), at("2026-01-10T18:00:00Z"));
        harness.processElement(mail("new-york", "America/New_York"), at("2026-01-10T18:00:00Z"));
        AuditRecord held = harness.getSideOutput(OutputTags.AUDIT).peek().getValue();
        assertThat(held.delivery.stage).isEqualTo("held_for_window");
        assertThat(held.delivery.sendAfter).isEqualTo(at("2026-01-13T08:00:00Z"));

        harness.processWatermark(at("2026-01-13T08:00:00Z"));
        assertThat(harness.extractOutputValues()).extracting(m -> m.offerId).containsExactly("berlin");
        harness.processWatermark(at("2026-01-13T14:00:00Z"));
        assertThat(harness.extractOutputValues()).extracting(m -> m.offerId).containsExactly("berlin", "new-york");

        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    private static MailDraft mail(String offerId, String timezone) {
        MailDraft mail = new MailDraft();
        mail.offerId = offerId;
        mail.accountId = "acme";
        mail.timezone = timezone;
        return mail;
    }

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }
}
