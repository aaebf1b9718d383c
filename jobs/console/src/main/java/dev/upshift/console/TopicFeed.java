package dev.upshift.console;

import dev.upshift.common.config.UpshiftConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the topics into the {@link ConsoleStore}, from their beginning, {@code read_committed} (the jobs write in
 * Kafka transactions), without a consumer group: the console keeps no offsets, so a restart rebuilds everything.
 * It keeps following them, picks up topics and partitions created later, and knows how far behind it is.
 */
final class TopicFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicFeed.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration REDISCOVER = Duration.ofSeconds(30);
    /** How often the lag is measured: each measurement asks the brokers for the end offsets. */
    private static final Duration MEASURE = Duration.ofSeconds(1);

    private final String bootstrapServers;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final ConsoleStore store;
    private final Map<String, Source> sources;
    private final Clock clock;
    private final Set<TopicPartition> assigned = new HashSet<>();
    private volatile Freshness freshness;
    private volatile boolean running = true;
    private Thread thread;
    private long discoveredAt = Long.MIN_VALUE;
    private long measuredAt = Long.MIN_VALUE;

    TopicFeed(String bootstrapServers, UpshiftConfig.Topics topics, ConsoleStore store, Clock clock) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "upshift-console");
        this.bootstrapServers = bootstrapServers;
        this.consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.store = store;
        this.sources = Source.byTopic(topics);
        this.clock = clock;
        this.freshness = Freshness.starting(clock.millis());
    }

    /** Reads until every topic is read up to the end it had when this was called: the one-shot report's load. */
    void catchUp() {
        Map<TopicPartition, Long> ends;
        try {
            discover();
            ends = consumer.endOffsets(assigned);
        } catch (TimeoutException e) {
            throw new IllegalArgumentException("Kafka at " + bootstrapServers + " did not answer (" + e.getMessage() + ")", e);
        }
        while (!isAt(ends)) {
            pollOnce();
        }
        refreshFreshness();
    }

    /** Catches up, then keeps following the topics on a thread of its own until closed. */
    void follow() {
        catchUp();
        thread = new Thread(() -> {
            try {
                while (running) {
                    pollOnce();
                    if (clock.millis() - measuredAt >= MEASURE.toMillis()) {
                        refreshFreshness();
                    }
                }
            } catch (WakeupException e) {
                if (running) {
                    throw e;
                }
            } catch (RuntimeException e) {
                LOG.error("The console stopped reading the topics; restart it to rebuild", e);
                freshness = freshness.failed(e.getClass().getSimpleName());
            }
        }, "upshift-console-feed");
        thread.setDaemon(true);
        thread.start();
    }

    Freshness freshness() {
        return freshness;
    }

    private void pollOnce() {
        if (clock.millis() - discoveredAt > REDISCOVER.toMillis()) {
            discover();
        }
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
        Map<Source, List<ConsoleStore.Incoming>> bySource = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            bySource.computeIfAbsent(sources.get(record.topic()), source -> new ArrayList<>())
                    .add(new ConsoleStore.Incoming(record.partition(), record.offset(), record.key(), record.value()));
        }
        bySource.forEach(store::add);
    }

    /** Assigns every partition of the topics that exist by now; new ones are read from their beginning. */
    private void discover() {
        Set<TopicPartition> found = new HashSet<>();
        for (String topic : sources.keySet()) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic);
            if (partitions != null) {
                partitions.forEach(info -> found.add(new TopicPartition(topic, info.partition())));
            }
        }
        Set<TopicPartition> added = new HashSet<>(found);
        added.removeAll(assigned);
        if (!added.isEmpty()) {
            assigned.addAll(added);
            consumer.assign(assigned);
            consumer.seekToBeginning(added);
        }
        discoveredAt = clock.millis();
    }

    private boolean isAt(Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
    }

    private void refreshFreshness() {
        Map<TopicPartition, Long> ends = consumer.endOffsets(assigned);
        Map<String, Long> behind = new HashMap<>();
        ends.forEach((partition, end) -> behind.merge(partition.topic(), Math.max(0, end - consumer.position(partition)), Long::sum));
        measuredAt = clock.millis();
        freshness = new Freshness(measuredAt, behind, store.unreadable(), null);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        consumer.close();
    }
}
