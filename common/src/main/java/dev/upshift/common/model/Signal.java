package dev.upshift.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.upshift.common.json.IsoInstantSerializer;

/** An upgrade-readiness signal, as written to {@code upshift.signals}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Signal {
    public String accountId;
    /** One of {@link SignalType}'s ids. */
    public String signal;

    @JsonSerialize(using = IsoInstantSerializer.class)
    public long firedAt;

    public Evidence evidence;

    public Signal() {}

    public static Signal of(String accountId, SignalType type, long firedAt, Evidence evidence) {
        Signal s = new Signal();
        s.accountId = accountId;
        s.signal = type.id();
        s.firedAt = firedAt;
        s.evidence = evidence;
        return s;
    }

    public SignalType type() {
        return SignalType.of(signal);
    }
}
