package dev.upshift.common.model;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every signal Upshift knows, with its family (two offers in one cooldown must come from different families)
 * and what it leads to. Ids are the wire names on {@code upshift.signals}.
 */
public enum SignalType {
    LIMIT_PRESSURE("limit_pressure", "usage_limit", Intent.UPSELL, true, "usage close to a plan limit"),
    SEAT_GROWTH("seat_growth", "seats", Intent.UPSELL, false, "seats added"),
    FEATURE_GATE("feature_gate", "feature_need", Intent.UPSELL, false, "a paid feature tried"),
    EXPLICIT_ASK("explicit_ask", "feature_need", Intent.UPSELL, false, "a higher tier asked for"),
    WORKAROUND("workaround", "friction", Intent.UPSELL, false, "the same chore done by hand again and again"),
    ACTIVE_USERS_DOUBLED("active_users_doubled", "engagement", Intent.UPSELL, false, "active users doubled"),
    POWER_USER("power_user", "engagement", Intent.UPSELL, false, "a power user"),
    ANNUAL_CONVERSION("annual_conversion", "billing", Intent.ANNUAL_PLAN, false, "long on monthly billing"),
    RENEWAL_WINDOW("renewal_window", "renewal", Intent.UPSELL, false, "a renewal coming up with high usage"),
    USAGE_DROP("usage_drop", "risk", Intent.EDUCATION, false, "usage dropping"),
    CROSS_SELL("cross_sell", "cross_sell", Intent.CROSS_SELL, false, "a use an add-on serves");

    /** What an offer for the signal sells. */
    public enum Intent { UPSELL, ANNUAL_PLAN, CROSS_SELL, EDUCATION }

    private final String id;
    private final String family;
    private final Intent intent;
    private final boolean blocking;
    private final String description;

    SignalType(String id, String family, Intent intent, boolean blocking, String description) {
        this.id = id;
        this.family = family;
        this.intent = intent;
        this.blocking = blocking;
        this.description = description;
    }

    /** The signal in a few plain words, for people: "seats added". */
    public String description() {
        return description;
    }

    public String id() {
        return id;
    }

    public String family() {
        return family;
    }

    public Intent intent() {
        return intent;
    }

    /** A limit that blocks the account's work: its upsell goes before any cross-sell. */
    public boolean blocksTheAccount() {
        return blocking;
    }

    public static Optional<SignalType> byId(String id) {
        return Arrays.stream(values()).filter(type -> type.id.equals(id)).findFirst();
    }

    public static SignalType of(String id) {
        return byId(id).orElseThrow(() -> new IllegalArgumentException("unknown signal " + id));
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(SignalType::id).toList();
    }
}
