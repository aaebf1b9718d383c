package dev.upshift.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.upshift.common.model.AcceptanceUpdate;
import dev.upshift.common.model.Account;
import dev.upshift.common.model.Approval;
import dev.upshift.common.model.AuditRecord;
import dev.upshift.common.model.Contact;
import dev.upshift.common.model.DayUsage;
import dev.upshift.common.model.DeadLetter;
import dev.upshift.common.model.DecidedOffer;
import dev.upshift.common.model.DecisionInput;
import dev.upshift.common.model.DeliveryRecord;
import dev.upshift.common.model.DeliveryTouch;
import dev.upshift.common.model.Feedback;
import dev.upshift.common.model.InputRecord;
import dev.upshift.common.model.MailDraft;
import dev.upshift.common.model.MetricDay;
import dev.upshift.common.model.OfferDecision;
import dev.upshift.common.model.RankedOffer;
import dev.upshift.common.model.Signal;
import dev.upshift.common.model.Suppression;
import dev.upshift.common.model.UsageDays;
import dev.upshift.common.model.UsageEvent;
import dev.upshift.common.model.WeekActivity;
import dev.upshift.common.model.WeekMeasure;
import dev.upshift.common.reply.ReceivedReply;
import dev.upshift.common.reply.ReplyClassification;
import dev.upshift.common.reply.ReplyOutcome;
import dev.upshift.common.state.AcceptanceHistory;
import dev.upshift.common.state.EventWindows;
import dev.upshift.common.state.OfferLedger;
import dev.upshift.common.state.ReplyThread;
import dev.upshift.common.state.SignalMemory;
import dev.upshift.common.state.WeekRun;
import dev.upshift.common.state.WeeklyHistory;
import dev.upshift.jobs.operators.PendingBuffer;
import dev.upshift.jobs.replies.imap.ReceivedMail;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every type that crosses the network or lives in state has a Flink POJO serializer, never Kryo. */
class NoKryoTest {
    @ParameterizedTest
    @ValueSource(classes = {InputRecord.class, UsageEvent.class, Account.class, Feedback.class, DeadLetter.class, MetricDay.class,
            DayUsage.class, UsageDays.class, WeekActivity.class, WeekMeasure.class, RankedOffer.class, Signal.class, DecisionInput.class, OfferDecision.class,
            AuditRecord.class, AcceptanceUpdate.class, PendingBuffer.class, EventWindows.class, WeeklyHistory.class,
            SignalMemory.class, WeekRun.class, OfferLedger.class, AcceptanceHistory.class, MailDraft.class, DeliveryTouch.class, Contact.class, Approval.class,
            DeliveryRecord.class, ReceivedMail.class, ReceivedReply.class, ReplyClassification.class, ReplyOutcome.class, ReplyThread.class, DecidedOffer.class, Suppression.class})
    void isAPojoWhoseSerializerNeedsNoGenericFallback(Class<?> type) {
        TypeInformation<?> info = TypeInformation.of(type);
        SerializerConfigImpl noGenerics = new SerializerConfigImpl();
        noGenerics.setGenericTypes(false);

        assertThat(info).isInstanceOf(PojoTypeInfo.class);
        assertThatCode(() -> info.createSerializer(noGenerics)).doesNotThrowAnyException();
    }
}
