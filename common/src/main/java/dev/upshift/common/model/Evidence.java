package dev.upshift.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.upshift.common.json.IsoInstantSerializer;
import java.util.List;

/** The numbers that made a signal fire. Fields a signal does not use stay null and are not written. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Evidence {
    public String planId;
    public String metric;
    public String metricKind;
    public Double limit;
    public Double threshold;
    /** The current usage an upgrade must clear: the last week's usage, or the seats in use. */
    public Double usage;
    public List<WeekUtilization> weeks;

    @JsonSerialize(contentUsing = IsoInstantSerializer.class)
    public List<Long> seatAddedAt;

    public Integer windowDays;

    public Evidence() {}
}
