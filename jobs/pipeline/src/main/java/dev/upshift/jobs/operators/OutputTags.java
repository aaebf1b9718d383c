package dev.upshift.jobs.operators;

import dev.upshift.common.model.DeadLetter;
import dev.upshift.common.model.SeatAdded;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.OutputTag;

/** Side outputs of the topology. */
public final class OutputTags {
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters", Types.POJO(DeadLetter.class));
    public static final OutputTag<SeatAdded> SEATS_ADDED = new OutputTag<>("seats-added", Types.POJO(SeatAdded.class));

    private OutputTags() {}
}
