package dev.upshift.common.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a metric is reported and compared to its limit. */
public enum MetricKind {
    /** Increments ({@code quantity}); the limit is per month, compared to the trailing-window total. */
    COUNTER,
    /** Levels ({@code value}); the limit is compared to the peak level. */
    GAUGE;

    @JsonCreator
    public static MetricKind parse(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
