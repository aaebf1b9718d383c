package dev.upshift.common.model;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.upshift.common.json.IsoInstantSerializer;

/** An upgrade-readiness signal, as written to {@code upshift.signals}. */
public class Signal {
    public static final String LIMIT_PRESSURE = "limit_pressure";
    public static final String SEAT_GROWTH = "seat_growth";

    public String accountId;
    public String signal;

    @JsonSerialize(using = IsoInstantSerializer.class)
    public long firedAt;

    public Evidence evidence;

    public Signal() {}

    public static Signal of(String accountId, String signal, long firedAt, Evidence evidence) {
        Signal s = new Signal();
        s.accountId = accountId;
        s.signal = signal;
        s.firedAt = firedAt;
        s.evidence = evidence;
        return s;
    }
}
