package dev.upshift.common.config;

import java.io.Serializable;
import java.util.List;

/**
 * A product sold next to a plan.
 *
 * @param plans the plans that may buy it
 * @param adjacentTo the behaviours that suggest it; each is a weekly event count sustained over weeks
 */
public record AddOn(String id, String name, double monthlyPrice, List<String> plans, List<Adjacency> adjacentTo)
        implements Serializable {
    public AddOn {
        plans = plans == null ? List.of() : List.copyOf(plans);
        adjacentTo = adjacentTo == null ? List.of() : List.copyOf(adjacentTo);
    }

    /** Consecutive periods: {@code minPerWeek} events of {@code eventType} in each of {@code consecutiveWeeks} weeks. */
    public record Adjacency(String eventType, int minPerWeek, int consecutiveWeeks) implements Serializable {}
}
