package dev.upshift.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.upshift.common.json.IsoInstantDeserializer;
import dev.upshift.common.json.IsoInstantSerializer;
import java.util.List;

/**
 * The numbers that made a signal fire, quoted as they were. Fields a signal does not use stay null and are
 * not written; {@code trigger} says which detector fired.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Evidence {
    public static final String CONSECUTIVE_WEEKS = "consecutive_weeks";
    public static final String HARD_WALL = "hard_wall";
    public static final String EVENTS_IN_WINDOW = "events_in_window";
    public static final String SEAT_THRESHOLD = "seat_threshold";
    public static final String BASELINE_GROWTH = "baseline_growth";
    public static final String BASELINE_DROP = "baseline_drop";
    public static final String TENURE = "tenure";
    public static final String RENEWAL = "renewal_window";

    public String trigger;
    public String planId;
    public String segment;
    public String metric;
    public String metricKind;
    public Double limit;
    public Double threshold;
    /** The current usage an upgrade must clear: the last week's usage, the level or month-to-date, the seats in use. */
    public Double usage;
    public Double utilization;
    public List<WeekMeasure> weeks;

    public String eventType;
    public String feature;
    public String capability;
    public String name;
    public String userId;
    public String addOn;
    /** Events that filled the window, oldest first. */
    @JsonSerialize(contentUsing = IsoInstantSerializer.class)
    @JsonDeserialize(contentUsing = IsoInstantDeserializer.class)
    public List<Long> eventTimes;
    public Integer minEvents;
    /** ISO-8601 duration of the window, e.g. P14D. */
    public String window;
    public Integer seatThreshold;

    /** Baseline detectors: the prior weeks' average, this week's value (or the run's), and the factor. */
    public Double baseline;
    public Double current;
    public Double factor;
    public List<Double> weeklyValues;

    @JsonSerialize(using = IsoInstantSerializer.class)
    @JsonDeserialize(using = IsoInstantDeserializer.class)
    public Long startedAt;
    public Integer monthsActive;
    public String billingCycle;
    @JsonSerialize(using = IsoInstantSerializer.class)
    @JsonDeserialize(using = IsoInstantDeserializer.class)
    public Long renewalAt;

    public Evidence() {}

    public static Evidence of(String trigger, Account account) {
        Evidence evidence = new Evidence();
        evidence.trigger = trigger;
        evidence.planId = account.planId;
        evidence.segment = account.segment();
        return evidence;
    }
}
