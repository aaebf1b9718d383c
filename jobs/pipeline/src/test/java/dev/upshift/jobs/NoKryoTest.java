package dev.upshift.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.upshift.common.model.Account;
import dev.upshift.common.model.DeadLetter;
import dev.upshift.common.model.InputRecord;
import dev.upshift.common.model.DayUsage;
import dev.upshift.common.model.MetricDay;
import dev.upshift.common.model.UsageDays;
import dev.upshift.common.model.OfferDecision;
import dev.upshift.common.model.SeatAdded;
import dev.upshift.common.model.Signal;
import dev.upshift.common.model.UsageEvent;
import dev.upshift.common.model.WeekUtilization;
import dev.upshift.jobs.operators.PendingBuffer;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every type that crosses the network or lives in state has a Flink POJO serializer, never Kryo. */
class NoKryoTest {
    @ParameterizedTest
    @ValueSource(classes = {InputRecord.class, UsageEvent.class, Account.class, DeadLetter.class, MetricDay.class, DayUsage.class, UsageDays.class,
            SeatAdded.class, WeekUtilization.class, Signal.class, OfferDecision.class, PendingBuffer.class})
    void isAPojoWhoseSerializerNeedsNoGenericFallback(Class<?> type) {
        TypeInformation<?> info = TypeInformation.of(type);
        SerializerConfigImpl noGenerics = new SerializerConfigImpl();
        noGenerics.setGenericTypes(false);

        assertThat(info).isInstanceOf(PojoTypeInfo.class);
        assertThatCode(() -> info.createSerializer(noGenerics)).doesNotThrowAnyException();
    }
}
