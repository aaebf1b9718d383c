package dev.upshift.common.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.upshift.common.json.IsoInstantSerializer;
import java.util.Objects;

/**
 * One complete ISO week in which an account's utilization of a limited metric reached the pressure
 * threshold. These compact weekly records, not raw events, are what the limit-pressure pattern matches.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WeekUtilization {
    @JsonIgnore public String accountId;
    @JsonIgnore public String metric;
    @JsonIgnore public String planId;
    @JsonIgnore public String metricKind;
    @JsonIgnore public double limit;
    /** When the week closed for evaluation: its end plus the allowed lateness. */
    @JsonIgnore public long closedAt;

    @JsonSerialize(using = IsoInstantSerializer.class)
    public long weekStart;
    /** Gauge: the week's peak level. Counter: the trailing-window total at week end. */
    public double usage;
    public double utilization;

    public WeekUtilization() {}

    /** Limit-pressure runs are per account and metric. */
    public String patternKey() {
        return accountId + '|' + metric;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WeekUtilization other
                && Objects.equals(accountId, other.accountId)
                && Objects.equals(metric, other.metric)
                && Objects.equals(planId, other.planId)
                && Objects.equals(metricKind, other.metricKind)
                && limit == other.limit
                && closedAt == other.closedAt
                && weekStart == other.weekStart
                && usage == other.usage
                && utilization == other.utilization;
    }

    @Override
    public int hashCode() {
        return Objects.hash(accountId, metric, weekStart);
    }
}
