package dev.upshift.console;

import java.util.Map;

/**
 * How far behind the topics the console is: records not yet read per topic (committed records only), when that
 * was last measured, records skipped as unreadable, and the error that stopped the feed, if one did.
 */
record Freshness(long checkedAt, Map<String, Long> behind, Map<Source, Long> unreadable, String failure) {
    static Freshness starting(long now) {
        return new Freshness(now, Map.of(), Map.of(), null);
    }

    Freshness failed(String error) {
        return new Freshness(checkedAt, behind, unreadable, error);
    }

    long recordsBehind() {
        return behind.values().stream().mapToLong(Long::longValue).sum();
    }

    long unreadableRecords() {
        return unreadable.values().stream().mapToLong(Long::longValue).sum();
    }
}
