package dev.upshift.jobs;

import dev.upshift.common.model.Account;
import dev.upshift.common.model.InputRecord;
import dev.upshift.common.model.SourceRef;
import dev.upshift.common.model.UsageEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Builders for the records operator tests feed in. */
public final class TestRecords {
    private TestRecords() {}

    public static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    public static InputRecord account(String accountId, String planId) {
        Account account = new Account();
        account.accountId = accountId;
        account.planId = planId;
        account.status = "active";
        return InputRecord.of(account);
    }

    public static InputRecord gauge(String eventId, String accountId, String metric, double value, String occurredAt) {
        UsageEvent event = event(eventId, accountId, UsageEvent.TYPE_USAGE, occurredAt);
        event.metric = metric;
        event.value = value;
        return InputRecord.of(event);
    }

    public static InputRecord counter(String eventId, String accountId, String metric, double quantity, String occurredAt) {
        UsageEvent event = event(eventId, accountId, UsageEvent.TYPE_USAGE, occurredAt);
        event.metric = metric;
        event.quantity = quantity;
        return InputRecord.of(event);
    }

    public static InputRecord typed(String eventId, String accountId, String type, String occurredAt) {
        return InputRecord.of(event(eventId, accountId, type, occurredAt));
    }

    /** An event by a user; a feature_gate event hits the business-tier {@code sso} feature. */
    public static InputRecord userEvent(String eventId, String accountId, String type, String userId, String occurredAt) {
        UsageEvent event = event(eventId, accountId, type, occurredAt);
        event.userId = userId;
        event.feature = "feature_gate".equals(type) ? "sso" : null;
        return InputRecord.of(event);
    }

    public static InputRecord seatAdded(String eventId, String accountId, String occurredAt) {
        return InputRecord.of(event(eventId, accountId, UsageEvent.TYPE_SEAT_ADDED, occurredAt));
    }

    public static InputRecord session(String eventId, String accountId, String occurredAt) {
        return InputRecord.of(event(eventId, accountId, "session", occurredAt));
    }

    private static UsageEvent event(String eventId, String accountId, String type, String occurredAt) {
        UsageEvent event = new UsageEvent();
        event.eventId = eventId;
        event.accountId = accountId;
        event.type = type;
        event.occurredAt = at(occurredAt);
        event.payload = ("{\"eventId\":\"" + eventId + "\"}").getBytes(StandardCharsets.UTF_8);
        event.source = SourceRef.kafka("upshift.events", 0, eventId.hashCode() & 0xffff);
        return event;
    }
}
