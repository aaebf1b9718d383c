package dev.upshift.common.logic;

import dev.upshift.common.config.AddOn;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.model.SignalType;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A "consecutive periods" rule: a weekly measure at or over {@code threshold} for {@code consecutiveWeeks}
 * ISO weeks in a row. Each rule runs as its own CEP pattern.
 *
 * @param id stable: it names the pattern operator and keys its state
 * @param eventType the behaviour counted, for event-count rules
 */
public record WeeklyRule(String id, SignalType type, int consecutiveWeeks, double threshold, String addOn, String eventType)
        implements Serializable {

    public static List<WeeklyRule> from(UpshiftConfig config) {
        List<WeeklyRule> rules = new ArrayList<>();
        UpshiftConfig.LimitPressure pressure = config.signals().limitPressure();
        rules.add(new WeeklyRule("limit_pressure", SignalType.LIMIT_PRESSURE, pressure.consecutiveWeeks(), pressure.threshold(), null, null));
        UpshiftConfig.PowerUser power = config.signals().powerUser();
        rules.add(new WeeklyRule("power_user", SignalType.POWER_USER, power.consecutiveWeeks(), power.minSessionsPerWeek(), null, power.eventType()));
        for (AddOn addOn : config.catalog().addOns()) {
            for (AddOn.Adjacency adjacency : addOn.adjacentTo()) {
                rules.add(new WeeklyRule("cross_sell-" + addOn.id() + "-" + adjacency.eventType(), SignalType.CROSS_SELL,
                        adjacency.consecutiveWeeks(), adjacency.minPerWeek(), addOn.id(), adjacency.eventType()));
            }
        }
        return rules;
    }
}
