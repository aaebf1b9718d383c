package dev.upshift.common.model;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A product usage event, as validated by {@link dev.upshift.common.json.InputParser}. The raw payload and
 * its source travel with the event so that a later rejection (late, unknown account) can still dead-letter
 * the original bytes.
 */
public class UsageEvent {
    public static final String TYPE_USAGE = "usage";
    public static final String TYPE_SEAT_ADDED = "seat_added";

    public String eventId;
    public String accountId;
    public String type;
    /** Epoch milliseconds (UTC). */
    public long occurredAt;
    public String userId;
    public String metric;
    /** Counter increment; null when the event carries a gauge {@link #value}. */
    public Double quantity;
    /** Gauge level; null when the event carries a counter {@link #quantity}. */
    public Double value;
    public String feature;
    public String capability;
    public String name;
    /** Attribute values as strings; nested objects are kept as their JSON text. */
    public Map<String, String> attributes;

    /** The record as received, UTF-8; kept as bytes because it crosses the network with every event. */
    public byte[] payload;
    public SourceRef source;

    public UsageEvent() {}

    public String payloadText() {
        return payload == null ? null : new String(payload, StandardCharsets.UTF_8);
    }

    public boolean isUsage() {
        return TYPE_USAGE.equals(type);
    }

    public boolean isSeatAdded() {
        return TYPE_SEAT_ADDED.equals(type);
    }
}
