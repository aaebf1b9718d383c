package dev.upshift.common.logic;

import dev.upshift.common.config.UpshiftConfig;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/** Utilization that fires at once: the first rule naming the metric (or "*") decides its threshold. */
public final class HardWalls implements Serializable {
    private final List<UpshiftConfig.HardWall> rules;
    private final long rearmMillis;

    public HardWalls(UpshiftConfig.HardWalls settings) {
        this.rules = List.copyOf(settings.rules());
        this.rearmMillis = settings.rearmAfter().toMillis();
    }

    /** The threshold the utilization reaches, or null when it reaches none. */
    public Double reached(String metric, double utilization) {
        for (UpshiftConfig.HardWall rule : rules) {
            if (rule.metric().equals(metric) || rule.metric().equals(UpshiftConfig.HardWall.ANY_METRIC)) {
                return WeeklyUsage.reaches(utilization, rule.threshold()) ? rule.threshold() : null;
            }
        }
        return null;
    }

    /** False while the metric's last hard-wall signal is more recent than the re-arm period. */
    public boolean isArmed(Map<String, Long> firedAt, String metric, long now) {
        Long last = firedAt.get(metric);
        return last == null || now >= last + rearmMillis;
    }

    public long rearmMillis() {
        return rearmMillis;
    }
}
