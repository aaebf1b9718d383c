package dev.upshift.common.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.upshift.common.json.IsoInstantDeserializer;
import dev.upshift.common.json.IsoInstantSerializer;
import java.util.Objects;

/**
 * One complete ISO week in which a weekly measure of an account reached its rule's threshold: a metric's
 * utilization, one user's sessions, or a count of some behaviour. These compact records, not raw events, are
 * what the consecutive-weeks patterns match.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WeekMeasure {
    @JsonIgnore public String accountId;
    /** The weekly rule this week satisfied; each rule has its own pattern. */
    @JsonIgnore public String rule;
    /** What was measured: a metric, a user id, an event type. */
    @JsonIgnore public String subject;
    @JsonIgnore public String planId;
    @JsonIgnore public String segment;
    /** When the week closed for evaluation: its end plus the allowed lateness. */
    @JsonIgnore public long closedAt;

    @JsonSerialize(using = IsoInstantSerializer.class)
    @JsonDeserialize(using = IsoInstantDeserializer.class)
    public long weekStart;
    /** Gauge: the week's peak level. Counter: the trailing-window total at week end. Otherwise a count. */
    public double value;
    /** value / limit, for limited metrics only. */
    public Double utilization;
    @JsonIgnore public Double limit;
    @JsonIgnore public String metricKind;

    public WeekMeasure() {}

    /** Runs are per account, rule and subject. */
    public String patternKey() {
        return accountId + '|' + rule + '|' + subject;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WeekMeasure other
                && Objects.equals(accountId, other.accountId)
                && Objects.equals(rule, other.rule)
                && Objects.equals(subject, other.subject)
                && Objects.equals(planId, other.planId)
                && Objects.equals(segment, other.segment)
                && closedAt == other.closedAt
                && weekStart == other.weekStart
                && value == other.value
                && Objects.equals(utilization, other.utilization)
                && Objects.equals(limit, other.limit)
                && Objects.equals(metricKind, other.metricKind);
    }

    @Override
    public int hashCode() {
        return Objects.hash(accountId, rule, subject, weekStart);
    }
}
