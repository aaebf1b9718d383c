package dev.upshift.jobs.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.upshift.common.config.ConfigLoader;
import dev.upshift.common.config.Delivery;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.model.Approval;
import dev.upshift.common.model.AuditRecord;
import dev.upshift.common.model.DeadLetter;
import dev.upshift.common.model.MailDraft;
import dev.upshift.jobs.runtime.OutputTags;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Review mode: approve, edit, reject, a decision by the wrong person, and a draft nobody decides on. */
class ReviewGateTest {
    private static final long DRAFTED = MailFixtures.DECIDED_AT;
    private static final String TEMPLATE_BODY = "Hi Grace,\n\nYou have used 96% of your 10 GB of storage, so uploads may start failing soon."
            + "\n\nNot yet is fine.\n\nTeam is $179.10 a month with your 10% discount.\n\nDana";

    @TempDir
    Path temp;

    private KeyedTwoInputStreamOperatorTestHarness<String, MailDraft, Approval, MailDraft> harness;

    @BeforeEach
    void setUp() throws Exception {
        UpshiftConfig defaults = ConfigLoader.defaults();
        Delivery d = defaults.delivery();
        Delivery delivery = new Delivery(true, d.locale(), d.currency(), d.metricNames(), d.templates(),
                new Delivery.Review("review", Map.of(), List.of("revops-lead"), Duration.ofDays(7)), d.sendWindow(), d.smtp(),
                d.unsubscribe(), d.llm(), d.replies(), Map.of("csm-ada", new MailFixtures(temp).identity("csm-ada")));
        harness = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(new ReviewGate(defaults.withDelivery(delivery)),
                draft -> draft.offerId, approval -> approval.offerId, Types.STRING);
        harness.processElement1(new StreamRecord<>(draft(), DRAFTED));
    }

    @Test
    void theOwnersApprovalReleasesTheDraftAsWritten() throws Exception {
        approve(approval(Approval.APPROVE, "csm-ada"));

        MailDraft released = released();
        assertThat(released.approverId).isEqualTo("csm-ada");
        assertThat(released.approval).isEqualTo("approved");
        assertThat(released.body).isEqualTo(TEMPLATE_BODY);
        assertThat(stages()).containsExactly(tuple("approved", "csm-ada", null));
        assertCleanedUp();
    }

    @Test
    void anAdminsEditIsCheckedAgainThenReplacesTheText() throws Exception {
        Approval invented = approval(Approval.EDIT, "revops-lead");
        invented.subject = "Room to grow";
        invented.body = TEMPLATE_BODY.replace("$179.10", "$150.00");
        approve(invented);
        assertThat(harness.extractOutputValues()).isEmpty();

        Approval edited = approval(Approval.EDIT, "revops-lead");
        edited.subject = "Room to grow, Grace";
        edited.body = TEMPLATE_BODY.replace("Hi Grace,", "Hi Grace, thanks for the call last week.");
        approve(edited);

        MailDraft released = released();
        assertThat(released.subject).isEqualTo("Room to grow, Grace");
        assertThat(released.body).startsWith("Hi Grace, thanks for the call last week.");
        assertThat(released.approval).isEqualTo("edited");
        assertThat(stages()).containsExactly(
                tuple("edit_refused", "revops-lead", "invented_price: a price the offer does not carry: $150.00; allowed: [199.00, 179.10]; "
                        + "the draft keeps waiting"),
                tuple("edited", "revops-lead", null));
        assertCleanedUp();
    }

    @Test
    void aRejectionDropsTheDraft() throws Exception {
        Approval rejection = approval(Approval.REJECT, "csm-ada");
        rejection.note = "talked to them yesterday";
        approve(rejection);

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(stages()).containsExactly(tuple("rejected", "csm-ada", "talked to them yesterday"));
        assertCleanedUp();
    }

    @Test
    void anotherOwnersApprovalIsRefusedAndAuditedAndTheDraftKeepsWaiting() throws Exception {
        approve(approval(Approval.APPROVE, "csm-bob"));
        assertThat(harness.extractOutputValues()).isEmpty();

        approve(approval(Approval.APPROVE, "csm-ada"));
        assertThat(released().approverId).isEqualTo("csm-ada");
        assertThat(stages()).containsExactly(
                tuple("approval_refused", "csm-bob", "csm-bob is neither the owner (csm-ada) nor an admin; the draft keeps waiting"),
                tuple("approved", "csm-ada", null));
    }

    @Test
    void aDraftNobodyDecidesOnExpires() throws Exception {
        harness.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(DRAFTED + Duration.ofDays(7).toMillis()));

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(stages()).containsExactly(tuple("review_expired", null, "no decision within PT168H"));
        assertCleanedUp();
    }

    @Test
    void aDecisionWithoutADraftIsDeadLetteredWhenItExpires() throws Exception {
        Approval stray = approval(Approval.APPROVE, "csm-ada");
        stray.offerId = "no-such-offer";
        approve(stray);
        harness.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(stray.decidedAt + Duration.ofDays(7).toMillis()));

        List<DeadLetter> letters = harness.getSideOutput(OutputTags.DEAD_LETTERS).stream().map(StreamRecord::getValue).toList();
        assertThat(letters).extracting(letter -> letter.reason, letter -> letter.detail)
                .containsExactly(tuple("unknown_offer", "no draft in review for offer no-such-offer within PT168H"));
    }

    private void assertCleanedUp() throws Exception {
        harness.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(Long.MAX_VALUE));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    private MailDraft released() {
        List<MailDraft> out = harness.extractOutputValues();
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    private List<org.assertj.core.groups.Tuple> stages() {
        return harness.getSideOutput(OutputTags.AUDIT).stream().map(StreamRecord::getValue)
                .map((AuditRecord audit) -> tuple(audit.delivery.stage, audit.delivery.approverId, audit.delivery.detail)).toList();
    }

    private void approve(Approval approval) throws Exception {
        harness.processElement2(new StreamRecord<>(approval, approval.decidedAt));
    }

    private static Approval approval(String decision, String approver) {
        Approval approval = new Approval();
        approval.offerId = "acme:limit_pressure:1";
        approval.accountId = "acme";
        approval.decision = decision;
        approval.approverId = approver;
        approval.decidedAt = DRAFTED + Duration.ofHours(2).toMillis();
        return approval;
    }

    private static MailDraft draft() {
        MailDraft draft = MailFixtures.offerRequest();
        draft.subject = "Room to grow on Acme's plan";
        draft.body = TEMPLATE_BODY;
        draft.drafter = MailDraft.TEMPLATE;
        draft.mode = "review";
        draft.timezone = "Europe/Berlin";
        return draft;
    }
}
