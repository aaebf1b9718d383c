package dev.upshift.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.upshift.common.json.IsoInstantSerializer;
import java.util.Set;

/** A reviewer's decision on a draft, from {@code upshift.approvals}; as JSON, exactly that contract. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Approval {
    public static final String APPROVE = "approve";
    /** Approve with edited text: {@code subject} and {@code body} replace the draft's, and are checked again. */
    public static final String EDIT = "edit";
    public static final String REJECT = "reject";
    public static final Set<String> DECISIONS = Set.of(APPROVE, EDIT, REJECT);

    public String approvalId;
    public String offerId;
    public String accountId;
    public String decision;
    public String approverId;
    public String subject;
    public String body;
    public String note;
    @JsonSerialize(using = IsoInstantSerializer.class)
    public long decidedAt;

    public Approval() {}
}
