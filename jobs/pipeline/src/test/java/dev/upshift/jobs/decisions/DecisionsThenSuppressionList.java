package dev.upshift.jobs.decisions;

import static dev.upshift.jobs.TestRecords.at;

import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.model.AcceptanceUpdate;
import dev.upshift.common.model.AuditRecord;
import dev.upshift.common.model.DecidedOffer;
import dev.upshift.common.model.DecisionInput;
import dev.upshift.common.model.MailDraft;
import dev.upshift.common.model.OfferDecision;
import dev.upshift.common.model.Suppression;
import dev.upshift.jobs.runtime.OutputTags;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;

/**
 * The offer decisions and the suppression list wired as in the topology, on test harnesses: what one emits (with its
 * timestamps) is handed to the other when the watermark moves. {@link #decidedUpstream()} keeps what the offer
 * decisions concluded on their own, so a test can show that the list, not the ledger, had the last word.
 */
final class DecisionsThenSuppressionList implements AutoCloseable {
    final KeyedBroadcastOperatorTestHarness<String, DecisionInput, AcceptanceUpdate, DecidedOffer> decisions;
    final KeyedTwoInputStreamOperatorTestHarness<String, DecidedOffer, Suppression, OfferDecision> list;
    private final List<OfferDecision> decidedUpstream = new ArrayList<>();
    private final List<Suppression> mirrored = new ArrayList<>();
    private final List<AuditRecord> audit = new ArrayList<>();
    private final List<MailDraft> mailRequests = new ArrayList<>();

    DecisionsThenSuppressionList(UpshiftConfig config) throws Exception {
        decisions = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(new OfferDecisionFunction(config), DecisionInput::accountId,
                Types.STRING, OfferDecisionFunction.acceptanceRates());
        list = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(new SuppressionList(config), DecidedOffer::suppressionKey,
                entry -> entry.addressKey, Types.STRING);
    }

    void send(DecisionInput input) throws Exception {
        decisions.processElement(new StreamRecord<>(input));
        forward();
    }

    /** An entry as read from the suppression list's own topic. */
    void readFromTopic(Suppression entry) throws Exception {
        list.processElement2(new StreamRecord<>(entry));
    }

    /** Moves event time in both, and returns the decisions the list let out since the last call. */
    List<OfferDecision> watermark(String at) throws Exception {
        decisions.watermark(at(at));
        forward();
        list.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(at(at)));
        List<OfferDecision> out = new ArrayList<>(list.extractOutputValues());
        list.getOutput().clear();
        drain(list.getSideOutput(DecisionTags.SUPPRESSIONS), mirrored);
        drain(list.getSideOutput(OutputTags.AUDIT), audit);
        drain(list.getSideOutput(DecisionTags.MAIL_REQUESTS), mailRequests);
        return out;
    }

    List<OfferDecision> decidedUpstream() {
        return decidedUpstream;
    }

    List<Suppression> mirrored() {
        return mirrored;
    }

    List<AuditRecord> audit() {
        return audit;
    }

    List<MailDraft> mailRequests() {
        return mailRequests;
    }

    private void forward() throws Exception {
        for (Object element : decisions.getOutput()) {
            if (element instanceof StreamRecord<?> record && record.getValue() instanceof DecidedOffer decided) {
                decidedUpstream.add(decided.decision);
                list.processElement1(new StreamRecord<>(decided, record.getTimestamp()));
            }
        }
        decisions.getOutput().clear();
        Queue<StreamRecord<Suppression>> learned = decisions.getSideOutput(DecisionTags.LEARNED_SUPPRESSIONS);
        if (learned != null) {
            for (StreamRecord<Suppression> record : learned) {
                list.processElement2(record);
            }
            learned.clear();
        }
    }

    private static <T> void drain(Queue<StreamRecord<T>> queue, List<T> into) {
        if (queue != null) {
            queue.forEach(record -> into.add(record.getValue()));
            queue.clear();
        }
    }

    @Override
    public void close() throws Exception {
        decisions.close();
        list.close();
    }
}
