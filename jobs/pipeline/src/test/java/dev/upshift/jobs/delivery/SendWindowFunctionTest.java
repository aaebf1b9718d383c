package dev.upshift.jobs.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upshift.common.config.ConfigLoader;
import dev.upshift.common.model.AuditRecord;
import dev.upshift.common.model.Feedback;
import dev.upshift.common.model.MailDraft;
import dev.upshift.jobs.runtime.OutputTags;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Mails wait in state for their window (Tuesday to Thursday, 09:00 to 17:00 local) and leave when it opens, unless
 * an outcome for their account stops them first.
 */
class SendWindowFunctionTest {
    private KeyedTwoInputStreamOperatorTestHarness<String, MailDraft, Feedback, MailDraft> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(new SendWindowFunction(ConfigLoader.defaults().delivery(), "v1"),
                mail -> mail.accountId, outcome -> outcome.accountId, Types.STRING);
    }

    @Test
    void aMailInsideItsWindowLeavesAtOnce() throws Exception {
        harness.processElement1(mail("a", "Europe/Berlin"), at("2026-01-07T11:00:00Z"));

        assertThat(harness.extractOutputValues()).extracting(m -> m.offerId).containsExactly("a");
        assertThat(harness.getSideOutput(OutputTags.AUDIT)).isNull();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void aMailOutsideItsWindowIsHeldAuditedAndReleasedWhenItOpensThenForgotten() throws Exception {
        // Saturday evening: Berlin opens Tuesday 09:00 CET (08:00Z), New York Tuesday 09:00 EST (14:00Z).
        harness.processElement1(mail("berlin", "Europe/Berlin"), at("2026-01-10T18:00:00Z"));
        harness.processElement1(mail("new-york", "America/New_York"), at("2026-01-10T18:00:00Z"));
        AuditRecord held = harness.getSideOutput(OutputTags.AUDIT).peek().getValue();
        assertThat(held.delivery.stage).isEqualTo("held_for_window");
        assertThat(held.delivery.sendAfter).isEqualTo(at("2026-01-13T08:00:00Z"));

        harness.processBothWatermarks(new Watermark(at("2026-01-13T08:00:00Z")));
        assertThat(harness.extractOutputValues()).extracting(m -> m.offerId).containsExactly("berlin");
        harness.processBothWatermarks(new Watermark(at("2026-01-13T14:00:00Z")));
        assertThat(harness.extractOutputValues()).extracting(m -> m.offerId).containsExactly("berlin", "new-york");

        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void anOutcomeCancelsTheAccountsMailDraftedBeforeItHeldOrStillToComeThenIsForgotten() throws Exception {
        // Saturday: held until Tuesday. The customer unsubscribes on Sunday.
        harness.processElement1(mail("held", "Europe/Berlin", at("2026-01-10T18:00:00Z")), at("2026-01-10T18:00:00Z"));
        harness.processElement2(outcome("unsubscribed", at("2026-01-11T10:00:00Z")), at("2026-01-11T10:00:00Z"));
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.processBothWatermarks(new Watermark(at("2026-01-11T10:00:00Z")));
        // Out of review on Wednesday, drafted on Saturday: cancelled too. A mail drafted after the outcome is not.
        harness.processElement1(mail("reviewed", "Europe/Berlin", at("2026-01-10T18:30:00Z")), at("2026-01-14T10:00:00Z"));
        harness.processElement1(mail("later", "Europe/Berlin", at("2026-01-14T10:00:00Z")), at("2026-01-14T10:00:00Z"));

        assertThat(harness.extractOutputValues()).extracting(m -> m.offerId).containsExactly("later");
        String stopped = " the account's outcome unsubscribed at 2026-01-11T10:00:00Z stops mail drafted before it";
        assertThat(harness.getSideOutput(OutputTags.AUDIT)).extracting(record -> record.getValue().auditId + " " + record.getValue().delivery.detail)
                .containsExactly("held:held_for_window null", "held:cancelled" + stopped, "reviewed:cancelled" + stopped);

        harness.processBothWatermarks(new Watermark(at("2026-01-11T10:00:00Z") + Duration.ofDays(14).toMillis()));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aMailReleasedBeforeTheOutcomeInEventTimeStillLeaves() throws Exception {
        harness.processElement1(mail("held", "Europe/Berlin", at("2026-01-10T18:00:00Z")), at("2026-01-10T18:00:00Z"));
        harness.processElement2(outcome("declined", at("2026-01-14T10:00:00Z")), at("2026-01-14T10:00:00Z"));

        harness.processBothWatermarks(new Watermark(at("2026-01-13T08:00:00Z")));
        assertThat(harness.extractOutputValues()).extracting(m -> m.offerId).containsExactly("held");
    }

    private static MailDraft mail(String offerId, String timezone) {
        return mail(offerId, timezone, 0);
    }

    private static MailDraft mail(String offerId, String timezone, long draftedAt) {
        MailDraft mail = new MailDraft();
        mail.offerId = offerId;
        mail.accountId = "acme";
        mail.timezone = timezone;
        mail.draftedAt = draftedAt;
        return mail;
    }

    private static Feedback outcome(String outcome, long at) {
        Feedback feedback = new Feedback();
        feedback.accountId = "acme";
        feedback.offerId = "sent-before";
        feedback.outcome = outcome;
        feedback.occurredAt = at;
        return feedback;
    }

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }
}
