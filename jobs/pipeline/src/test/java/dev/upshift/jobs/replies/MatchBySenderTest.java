package dev.upshift.jobs.replies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upshift.common.config.ConfigLoader;
import dev.upshift.common.model.DeliveryRecord;
import dev.upshift.common.reply.ReceivedReply;
import dev.upshift.common.reply.ReplyOutcome;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A reply without thread headers goes under the latest offer mailed to its sender, while that conversation lasts. */
class MatchBySenderTest {
    private static final long DAY = Duration.ofDays(1).toMillis();

    private KeyedTwoInputStreamOperatorTestHarness<String, ReceivedReply, DeliveryRecord, ReceivedReply> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(new MatchBySender(ConfigLoader.defaults().delivery().replies()),
                reply -> reply.senderKey, record -> record.contactKey, Types.STRING);
    }

    @Test
    void placesAThreadlessReplyUnderTheLatestOfferToItsSenderUntilTheConversationIsOver() throws Exception {
        harness.setProcessingTime(0);
        harness.processElement2(new StreamRecord<>(offerMail("older", 0)));
        harness.processElement2(new StreamRecord<>(offerMail("newer", DAY)));
        harness.processElement2(new StreamRecord<>(offerMail("older", 0)));
        harness.processElement1(new StreamRecord<>(reply("dana", null)));
        harness.processElement1(new StreamRecord<>(reply("dana", "threaded")));
        harness.processElement1(new StreamRecord<>(reply("stranger", null)));

        assertThat(harness.extractOutputValues()).extracting(reply -> reply.threadMailId + " " + reply.matchedBy)
                .containsExactly("newer sender", "threaded in_reply_to");
        assertThat(harness.getSideOutput(ReplyDesk.UNMATCHED)).extracting(record -> record.getValue().matchedBy).containsExactly("unmatched");

        harness.setProcessingTime(DAY + Duration.ofDays(44).toMillis());
        assertThat(harness.numKeyedStateEntries()).isZero();
        harness.processElement1(new StreamRecord<>(reply("dana", null)));
        assertThat(harness.getSideOutput(ReplyDesk.UNMATCHED)).hasSize(2);
    }

    private static DeliveryRecord offerMail(String offerId, long sentAt) {
        DeliveryRecord record = new DeliveryRecord();
        record.mailId = offerId;
        record.offerId = offerId;
        record.kind = DeliveryRecord.OFFER;
        record.status = DeliveryRecord.SENT;
        record.contactKey = "dana";
        record.recordedAt = sentAt;
        return record;
    }

    private static ReceivedReply reply(String senderKey, String threadMailId) {
        ReceivedReply reply = new ReceivedReply();
        reply.messageId = "<" + senderKey + threadMailId + "@x>";
        reply.senderKey = senderKey;
        reply.threadMailId = threadMailId;
        reply.matchedBy = threadMailId == null ? null : ReplyOutcome.BY_IN_REPLY_TO;
        return reply;
    }
}
