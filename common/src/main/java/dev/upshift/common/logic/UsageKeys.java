package dev.upshift.common.logic;

/** Keys of the per-account daily usage map: {@code metric@epochDay}. */
public final class UsageKeys {
    private UsageKeys() {}

    public static String of(String metric, long epochDay) {
        return metric + '@' + epochDay;
    }

    public static String metric(String key) {
        return key.substring(0, key.lastIndexOf('@'));
    }

    public static long epochDay(String key) {
        return Long.parseLong(key.substring(key.lastIndexOf('@') + 1));
    }
}
