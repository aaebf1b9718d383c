package dev.upshift.common.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upshift.common.json.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ApprovalTest {
    /** As the approval contract has it: an ISO instant, and no subject or body unless it is an edit. */
    @Test
    void serializesAsTheContract() {
        Approval approval = new Approval();
        approval.offerId = "o-1";
        approval.accountId = "acct-1";
        approval.decision = Approval.APPROVE;
        approval.approverId = "csm-3";
        approval.decidedAt = Instant.parse("2026-12-06T09:00:00Z").toEpochMilli();
        assertThat(Json.toText(approval)).isEqualTo(
                "{\"offerId\":\"o-1\",\"accountId\":\"acct-1\",\"decision\":\"approve\",\"approverId\":\"csm-3\",\"decidedAt\":\"2026-12-06T09:00:00Z\"}");
    }
}
