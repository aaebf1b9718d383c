package dev.upshift.jobs.decisions;

import dev.upshift.common.model.DecisionInput;
import dev.upshift.common.model.MailDraft;
import dev.upshift.common.model.Signal;
import dev.upshift.common.model.Suppression;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.OutputTag;

/** Side outputs inside the decision topology; the shared ones are {@link dev.upshift.jobs.runtime.OutputTags}. */
public final class DecisionTags {
    /** Signals the activity operator decides itself (event windows, hard walls, baselines, tenure, renewal). */
    public static final OutputTag<Signal> SIGNALS = new OutputTag<>("signals", Types.POJO(Signal.class));
    /** Problem support tickets, for the guardrails. */
    public static final OutputTag<DecisionInput> PROBLEM_TICKETS = new OutputTag<>("problem-tickets", Types.POJO(DecisionInput.class));
    /** Contacts the offer decisions learned have opted out, for the suppression list. */
    public static final OutputTag<Suppression> LEARNED_SUPPRESSIONS = new OutputTag<>("learned-suppressions", Types.POJO(Suppression.class));
    /** Entries the suppression list added, mirrored to its compacted topic. */
    public static final OutputTag<Suppression> SUPPRESSIONS = new OutputTag<>("suppressions", Types.POJO(Suppression.class));
    /** Offers to put into mail, each with its account's sealed terms. */
    public static final OutputTag<MailDraft> MAIL_REQUESTS = new OutputTag<>("mail-requests", Types.POJO(MailDraft.class));

    private DecisionTags() {}
}
