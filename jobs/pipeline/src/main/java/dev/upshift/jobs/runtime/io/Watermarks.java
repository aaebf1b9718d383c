package dev.upshift.jobs.runtime.io;

import dev.upshift.common.config.UpshiftConfig.TimeSettings;
import dev.upshift.common.logic.PartitionClock;
import dev.upshift.common.model.InputRecord;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event-time rules for the inputs. Each partition's event time is its {@link PartitionClock}, the median of its
 * recent event times, so that no single record can drag it ahead; the watermark trails that clock by
 * {@code time.maxOutOfOrderness}. Records without event time (account records, dead letters) do not move it.
 */
public final class Watermarks {
    /** Replay watermarks advance in steps this coarse: fine enough for day-granular signals, cheap to emit. */
    static final Duration REPLAY_STEP = Duration.ofMinutes(1);

    private Watermarks() {}

    /** Usage events and outcomes: idle partitions stop holding the watermark back. */
    public static WatermarkStrategy<InputRecord> liveEvents(TimeSettings time) {
        return WatermarkStrategy.<InputRecord>forGenerator(ctx -> new TrailingClock(time.maxOutOfOrderness(), Duration.ZERO))
                .withTimestampAssigner((record, kafkaTimestamp) -> record.eventTime())
                .withIdleness(time.sourceIdleness());
    }

    /**
     * Reference data without event time (account records, the suppression list). At start they hold event time
     * back until the topic has been quiet for {@code sourceIdleness}, so that they are loaded before events are
     * judged; from then on they declare themselves idle and the job's event time is the events' alone.
     */
    public static WatermarkStrategy<InputRecord> referenceData(TimeSettings time) {
        return WatermarkStrategy.<InputRecord>forGenerator(ctx -> new IdleOnceLoaded(time.sourceIdleness()))
                .withTimestampAssigner((record, kafkaTimestamp) -> record.eventTime());
    }

    /**
     * A replay of files: one ordered stream whose watermark moves only with the records, in steps of
     * {@link #REPLAY_STEP}, never with the clock. Which events count as late then depends only on the
     * order of the input, so backtests are deterministic.
     */
    public static WatermarkStrategy<InputRecord> replay(TimeSettings time) {
        return WatermarkStrategy.<InputRecord>forGenerator(ctx -> new TrailingClock(time.maxOutOfOrderness(), REPLAY_STEP))
                .withTimestampAssigner((record, fileTimestamp) -> record.eventTime());
    }

    /**
     * Trails the partition's clock by the out-of-orderness bound, never going back. With a zero step it emits on
     * Flink's periodic timer; with a positive step it emits from the records alone, whenever it has advanced a step.
     */
    static final class TrailingClock implements WatermarkGenerator<InputRecord> {
        private final PartitionClock clock = new PartitionClock();
        private final long outOfOrderness;
        private final long punctuationStep;
        private long lastEmitted = Long.MIN_VALUE;

        TrailingClock(Duration outOfOrderness, Duration punctuationStep) {
            this.outOfOrderness = outOfOrderness.toMillis();
            this.punctuationStep = punctuationStep.toMillis();
        }

        @Override
        public void onEvent(InputRecord record, long timestamp, WatermarkOutput output) {
            if (timestamp == Long.MIN_VALUE) {
                return;
            }
            clock.observe(timestamp);
            long watermark = watermark();
            if (punctuationStep > 0 && watermark > lastEmitted
                    && (lastEmitted == Long.MIN_VALUE || watermark - lastEmitted >= punctuationStep)) {
                emit(watermark, output);
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            long watermark = watermark();
            if (punctuationStep == 0 && watermark > lastEmitted) {
                emit(watermark, output);
            }
        }

        private long watermark() {
            long time = clock.time();
            return time == Long.MIN_VALUE ? Long.MIN_VALUE : time - outOfOrderness - 1;
        }

        private void emit(long watermark, WatermarkOutput output) {
            lastEmitted = watermark;
            output.emitWatermark(new Watermark(watermark));
        }
    }

    static final class IdleOnceLoaded implements WatermarkGenerator<InputRecord> {
        private final long quietNanos;
        private long lastRecordNanos = System.nanoTime();
        private boolean loaded;

        IdleOnceLoaded(Duration quietPeriod) {
            this.quietNanos = quietPeriod.toNanos();
        }

        @Override
        public void onEvent(InputRecord record, long timestamp, WatermarkOutput output) {
            if (!loaded) {
                lastRecordNanos = System.nanoTime();
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            loaded = loaded || System.nanoTime() - lastRecordNanos >= quietNanos;
            if (loaded) {
                output.markIdle();
            }
        }
    }
}
