package dev.upshift.common.model;

/** The running acceptance count of one signal in one segment, as of an outcome's time. */
public class AcceptanceUpdate {
    /** {@code signal|segment}. */
    public String key;
    public long accepted;
    public long resolved;
    public long at;

    public AcceptanceUpdate() {}

    public static String key(String signal, String segment) {
        return signal + '|' + segment;
    }
}
