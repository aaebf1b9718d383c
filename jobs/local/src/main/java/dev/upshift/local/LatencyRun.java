package dev.upshift.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.jobs.decisions.DecisionsJob;
import dev.upshift.jobs.runtime.FlinkSettings;
import dev.upshift.jobs.runtime.JobSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The bench's latency run: the job runs unbounded while a paced producer appends the events at a fixed rate, and a
 * {@code read_committed} consumer sees each offer decision the moment its transaction commits. An offer decided on
 * an event (its decision time is that event's time: hard walls, seat growth, seat thresholds, feature gates) is
 * measured from the broker's append of that event (the topic stamps log-append time) to when the consumer received
 * it. Offers from week closes are left out: they wait, by design, for the week plus the allowed lateness.
 */
final class LatencyRun {
    private static final String GROUP_ID = "upshift-bench-latency";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    /** Week closes decide at a whole day (a Monday plus the allowed lateness); events at one are left out with them. */
    private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

    private final BenchData data;
    private final double rate;
    private final AtomicLongArray appendedAt;
    private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());

    LatencyRun(BenchData data, double rate) {
        this.data = data;
        this.rate = rate;
        this.appendedAt = new AtomicLongArray(Math.toIntExact(data.eventCount));
    }

    /** The figures, as the fields of the bench's last line. */
    record Result(double rate, int offersMeasured, long p50Millis, long p99Millis, long maxMillis, long checkpointIntervalMillis) {}

    Result run(EmbeddedKafka kafka, KafkaTopics client, UpshiftConfig config, Path workDir, Progress progress) throws Exception {
        UpshiftConfig.Topics topics = config.topics();
        Duration checkpointInterval = FlinkSettings.of(config).get(CheckpointingOptions.CHECKPOINTING_INTERVAL);
        client.setTopicConfig(topics.events(), "message.timestamp.type", "LogAppendTime");
        try (KafkaProducer<byte[], byte[]> producer = client.producer()) {
            data.loadAccounts(producer, topics.accounts());
        }
        StreamExecutionEnvironment env = LocalFlink.environment(config, workDir);
        DecisionsJob.define(env, config, new JobSettings(kafka.bootstrapServers(), GROUP_ID, false));
        JobClient job = env.executeAsync("Upshift bench: latency");
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread watcher = new Thread(() -> client.follow(topics.offers(), watching::get,
                offer -> measure(offer.value(), System.currentTimeMillis())), "offer-watcher");
        try {
            awaitAccountsRead(client, topics.accounts(), progress);
            // Inputs with nothing in them yet (feedback, approvals) hold the watermark back until time.sourceIdleness
            // marks them idle: a job that has just started decides nothing before then, a live one has long passed it.
            Duration idleness = config.time().sourceIdleness();
            progress.say("Latency: waiting " + idleness.toSeconds() + " s (time.sourceIdleness) for the empty inputs to go idle");
            Thread.sleep(idleness.plusSeconds(5).toMillis());
            progress.say(String.format("Latency: producing %,d events at %,.0f/s", data.eventCount, rate));
            watcher.start();
            producePaced(client, topics.events(), progress);
            awaitEventsCommitted(client, topics.events(), progress);
            // The offers of the last events commit with the checkpoint after their events' offsets do.
            Thread.sleep(2 * checkpointInterval.toMillis());
        } finally {
            watching.set(false);
            watcher.join(TimeUnit.SECONDS.toMillis(30));
            job.cancel().get(1, TimeUnit.MINUTES);
        }
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            throw new IllegalStateException("no offer was decided on an event: nothing to measure");
        }
        return new Result(rate, sorted.size(), percentile(sorted, 0.50), percentile(sorted, 0.99), sorted.get(sorted.size() - 1),
                checkpointInterval.toMillis());
    }

    /** The job is up and reading once it has committed the accounts topic's offsets, at its first checkpoint. */
    private void awaitAccountsRead(KafkaTopics client, String accountsTopic, Progress progress) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (client.committed(GROUP_ID, accountsTopic) < data.accountCount) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the job did not read the accounts within " + START_TIMEOUT);
            }
            Thread.sleep(500);
        }
        progress.say(String.format("Latency: the job has read the %,d accounts", data.accountCount));
    }

    private void producePaced(KafkaTopics client, String eventsTopic, Progress progress) {
        long started = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = client.producer()) {
            for (long n = 0; n < data.eventCount; n++) {
                long due = started + (long) (n * 1e9 / rate);
                long early = due - System.nanoTime();
                if (early > 0) {
                    LockSupport.parkNanos(early);
                }
                int index = (int) n;
                producer.send(data.event(n, eventsTopic), (metadata, error) -> {
                    if (error == null) {
                        appendedAt.set(index, metadata.timestamp());
                    }
                });
                if (progress.due()) {
                    progress.say(String.format("Latency: produced %,d / %,d, offers measured %,d", n, data.eventCount, latencies.size()));
                }
            }
        }
    }

    private void awaitEventsCommitted(KafkaTopics client, String eventsTopic, Progress progress) throws InterruptedException {
        long committed;
        while ((committed = client.committed(GROUP_ID, eventsTopic)) < data.eventCount) {
            if (progress.due()) {
                progress.say(String.format("Latency: all produced; events committed %,d / %,d", committed, data.eventCount));
            }
            Thread.sleep(200);
        }
    }

    private void measure(byte[] offer, long receivedAt) {
        long decidedAt;
        try {
            decidedAt = Instant.parse(JSON.readTree(offer).path("decidedAt").asText()).toEpochMilli();
        } catch (IOException | DateTimeParseException notAnOfferDecision) {
            return;
        }
        long event = data.eventAt(decidedAt);
        long appended = event >= 0 && decidedAt % DAY_MILLIS != 0 ? appendedAt.get((int) event) : 0;
        if (appended > 0) {
            latencies.add(receivedAt - appended);
        }
    }

    /** Nearest rank. */
    private static long percentile(List<Long> sorted, double p) {
        return sorted.get(Math.max(0, (int) Math.ceil(p * sorted.size()) - 1));
    }

    String describe(Result result) {
        return String.format(Locale.ROOT, "Latency at %,.0f events/s: %,d offers decided on an event; append to committed offer p50 %,d ms,"
                + " p99 %,d ms, max %,d ms (checkpoint interval %,d ms)", result.rate(), result.offersMeasured(), result.p50Millis(),
                result.p99Millis(), result.maxMillis(), result.checkpointIntervalMillis());
    }
}
