package dev.upshift.common.state;

import java.util.HashMap;
import java.util.Map;

/** What an account has already been told, so that once-only and re-arming signals do not repeat. */
public class SignalMemory {
    public Long annualConversionFiredAt;
    /** The renewal date a renewal_window signal already fired for. */
    public Long renewalFiredFor;
    /** When each metric last hit a hard wall. */
    public Map<String, Long> hardWallFiredAt = new HashMap<>();

    public SignalMemory() {}

    public boolean isEmpty() {
        return annualConversionFiredAt == null && renewalFiredFor == null && hardWallFiredAt.isEmpty();
    }
}
