package dev.upshift.jobs.decisions;

import static dev.upshift.jobs.TestRecords.account;
import static dev.upshift.jobs.TestRecords.gauge;
import static dev.upshift.jobs.TestRecords.seatAdded;
import static org.assertj.core.api.Assertions.assertThat;

import dev.upshift.common.config.ConfigLoader;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.model.DeadLetter;
import dev.upshift.common.model.InputRecord;
import dev.upshift.common.model.OfferDecision;
import dev.upshift.common.model.Signal;
import dev.upshift.jobs.runtime.io.InputRecordType;
import dev.upshift.jobs.runtime.io.Watermarks;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The decision topology on a MiniCluster, as every entry point builds it ({@link DecisionsTopology#build}), fed by a
 * test source and read by collecting sinks: the cookbook's pattern. A few records in event-time order go in; the
 * signals, offers and dead letters that come out are exactly these.
 */
class DecisionsTopologyTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @Test
    void twoSeatsInAWeekBecomeASignalAndAnOfferAndAnEventWithoutAnAccountIsADeadLetter() throws Exception {
        UpshiftConfig config = ConfigLoader.defaults();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DataStream<InputRecord> records = env.fromData(InputRecordType.INSTANCE,
                        account("acme", "starter"),
                        gauge("e1", "acme", "storage_gb", 2.0, "2026-01-05T09:00:00Z"),
                        seatAdded("s1", "acme", "2026-01-06T10:00:00Z"),
                        seatAdded("s2", "acme", "2026-01-08T10:00:00Z"),
                        seatAdded("s3", "nobody", "2026-01-08T11:00:00Z"))
                .setParallelism(1)
                .assignTimestampsAndWatermarks(Watermarks.replay(config.time()))
                .setParallelism(1);

        DecisionsTopology.Outputs outputs = DecisionsTopology.build(List.of(new DecisionsTopology.Input("test", records)), config);

        try (CloseableIterator<Signal> signals = outputs.signals().collectAsync();
                CloseableIterator<OfferDecision> offers = outputs.offers().collectAsync();
                CloseableIterator<DeadLetter> deadLetters = outputs.deadLetters().collectAsync()) {
            JobClient job = env.executeAsync("decisions topology test");
            assertThat(all(signals)).extracting(signal -> signal.accountId + " " + signal.signal)
                    .containsExactly("acme seat_growth");
            assertThat(all(offers)).extracting(offer -> offer.accountId + " " + offer.signal + " " + offer.status + " " + offer.target)
                    .containsExactly("acme seat_growth requested team");
            assertThat(all(deadLetters)).extracting(letter -> letter.reason + " " + letter.accountId)
                    .containsExactly("unknown_account nobody");
            job.getJobExecutionResult().get();
        }
    }

    private static <T> List<T> all(CloseableIterator<T> iterator) {
        List<T> all = new ArrayList<>();
        iterator.forEachRemaining(all::add);
        return all;
    }
}
