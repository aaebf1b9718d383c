package dev.upshift.common.logic;

import java.util.Map;
import java.util.OptionalDouble;

/**
 * An account's complete ISO week, as the weekly detectors see it.
 *
 * @param usageByMetric each limited metric's usage as compared to its limit (gauge peak, counter trailing total)
 * @param sessionsByUser every active user, with their session count
 * @param eventCounts events by type, for the types weekly rules count
 * @param dropMetricTotal the week's own total of the usage-drop metric
 */
public record WeekSummary(long weekStart, long closedAt, Map<String, OptionalDouble> usageByMetric,
        Map<String, Integer> sessionsByUser, Map<String, Integer> eventCounts, double dropMetricTotal) {}
