package dev.upshift.jobs.runtime;

import dev.upshift.common.model.AuditRecord;
import dev.upshift.common.model.DeadLetter;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.OutputTag;

/** The side outputs both jobs' operators write to: dead letters and the audit trail. */
public final class OutputTags {
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters", Types.POJO(DeadLetter.class));
    public static final OutputTag<AuditRecord> AUDIT = new OutputTag<>("audit", Types.POJO(AuditRecord.class));

    private OutputTags() {}
}
