package dev.upshift.common.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upshift.common.json.Json;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The delivery ledger is read back by the reply job: a sent record, decision and evidence included, survives the trip. */
class DeliveryRecordJsonTest {
    @Test
    void aSentRecordReadsBackAsWritten() {
        WeekMeasure week = new WeekMeasure();
        week.weekStart = at("2026-01-05T00:00:00Z");
        week.value = 9_100;
        week.utilization = 0.91;
        Evidence evidence = new Evidence();
        evidence.trigger = Evidence.CONSECUTIVE_WEEKS;
        evidence.metric = "api_calls";
        evidence.usage = 9_100.0;
        evidence.weeks = List.of(week);
        evidence.eventTimes = List.of(at("2026-01-06T10:00:00Z"), at("2026-01-07T10:00:00Z"));
        evidence.renewalAt = at("2026-12-01T00:00:00Z");
        OfferDecision decision = new OfferDecision();
        decision.offerId = "o1";
        decision.accountId = "acme";
        decision.status = OfferDecision.REQUESTED;
        decision.decidedAt = at("2026-01-26T01:00:00Z");
        decision.suppressedUntil = at("2026-02-26T01:00:00Z");
        decision.evidence = evidence;
        DeliveryRecord record = new DeliveryRecord();
        record.mailId = "o1";
        record.kind = DeliveryRecord.OFFER;
        record.offerId = "o1";
        record.status = DeliveryRecord.SENT;
        record.subject = "Room to grow";
        record.body = "Hi Grace,";
        record.contactKey = "0123456789abcdef01234567";
        record.decision = decision;
        record.recordedAt = at("2026-01-27T09:00:00Z");

        String written = Json.toText(record);
        DeliveryRecord read = Json.fromBytes(Json.toBytes(record), DeliveryRecord.class);

        assertThat(Json.toText(read)).isEqualTo(written);
        assertThat(read.decision.evidence.eventTimes).containsExactly(at("2026-01-06T10:00:00Z"), at("2026-01-07T10:00:00Z"));
        assertThat(read.decision.evidence.weeks.get(0).weekStart).isEqualTo(at("2026-01-05T00:00:00Z"));
    }

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }
}
