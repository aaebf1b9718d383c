package dev.upshift.common.model;

import java.util.Objects;

/** A de-duplicated {@code seat_added} event of a known account, enriched with what an offer needs. */
public class SeatAdded {
    public String accountId;
    public String eventId;
    public long occurredAt;
    public String planId;
    /** The account's last reported seat level, or null if it never reported one. */
    public Double seatsInUse;
    /** The account's effective seat limit, or null if its plan has none. */
    public Double seatLimit;
    /** Kept so the event can still be dead-lettered if it reaches the pattern too late. */
    public SourceRef source;
    public String payload;

    public SeatAdded() {}

    @Override
    public boolean equals(Object o) {
        return o instanceof SeatAdded other
                && Objects.equals(accountId, other.accountId)
                && Objects.equals(eventId, other.eventId)
                && occurredAt == other.occurredAt
                && Objects.equals(planId, other.planId)
                && Objects.equals(seatsInUse, other.seatsInUse)
                && Objects.equals(seatLimit, other.seatLimit)
                && Objects.equals(source, other.source)
                && Objects.equals(payload, other.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(accountId, eventId, occurredAt);
    }
}
