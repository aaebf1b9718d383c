package dev.upshift.local;

import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.jobs.runtime.io.InputKind;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The history a live job has read, as its Kafka topics retain it, over {@code [from, to)} by record timestamp:
 * <ul>
 *   <li>events and outcomes from the first offset at or after {@code from} to the first at or after {@code to}
 *       (Kafka's own offsets for times, so a partition is read only where the range lies);</li>
 *   <li>accounts in full, as the compacted topic holds them, but each as it stood at {@code to}: a record written
 *       at or after {@code to} counts only for an account with no earlier record left.</li>
 * </ul>
 * It reads {@code read_committed}, assigns the partitions itself and commits nothing: it joins no consumer group, so
 * it can neither take partitions from the live job nor move its offsets.
 */
final class KafkaHistory implements History {
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final Map<InputKind, String> topics = new EnumMap<>(InputKind.class);
    private final Instant from;
    private final Instant to;

    /**
     * @param from the first instant, inclusive; null for the beginning of each topic
     * @param to the end, exclusive; null for each partition's end as first seen
     */
    KafkaHistory(String bootstrapServers, UpshiftConfig.Topics topics, Instant from, Instant to) {
        this.bootstrapServers = bootstrapServers;
        this.topics.put(InputKind.ACCOUNTS, topics.accounts());
        this.topics.put(InputKind.EVENTS, topics.events());
        this.topics.put(InputKind.FEEDBACK, topics.feedback());
        this.from = from;
        this.to = to;
    }

    @Override
    public Map<InputKind, String> sources() {
        return new EnumMap<>(topics);
    }

    @Override
    public void read(InputKind kind, Progress progress, RecordSink sink) throws IOException {
        String topic = topics.get(kind);
        if (topic == null) {
            return;
        }
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, METADATA_TIMEOUT);
            boolean accounts = kind == InputKind.ACCOUNTS;
            Map<TopicPartition, Long> start = accounts ? consumer.beginningOffsets(partitions, METADATA_TIMEOUT) : offsetsAt(consumer, from, end);
            Map<TopicPartition, Long> stop = accounts ? end : offsetsAt(consumer, to, end);
            progress.say(String.format("Reading %s from %s: %,d records in %d partitions%s", kind.name().toLowerCase(Locale.ROOT), topic,
                    span(start, stop), partitions.size(), accounts ? (to == null ? "" : ", each account as of " + to) : range()));
            if (accounts) {
                readAccounts(consumer, start, stop, progress, sink);
            } else {
                readRange(consumer, start, stop, progress, sink, record -> true);
            }
        }
    }

    /** Accounts in topic order; one first written at or after {@code to} only when nothing earlier is left of it. */
    private void readAccounts(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> start, Map<TopicPartition, Long> stop,
            Progress progress, RecordSink sink) throws IOException {
        Set<String> seen = new HashSet<>();
        Map<String, ConsumerRecord<String, byte[]>> laterOnly = new LinkedHashMap<>();
        readRange(consumer, start, stop, progress, sink, record -> {
            if (to == null || record.timestamp() < to.toEpochMilli() || record.key() == null) {
                seen.add(record.key());
                laterOnly.remove(record.key());
                return true;
            }
            if (!seen.contains(record.key())) {
                laterOnly.putIfAbsent(record.key(), record);
            }
            return false;
        });
        for (ConsumerRecord<String, byte[]> record : laterOnly.values()) {
            sink.accept(record.partition(), record.offset(), record.key(), record.value());
        }
    }

    private interface Keep {
        boolean test(ConsumerRecord<String, byte[]> record);
    }

    /** Every committed record between the offsets, partition by partition in offset order, that {@code keep} keeps. */
    private static void readRange(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> start, Map<TopicPartition, Long> stop,
            Progress progress, RecordSink sink, Keep keep) throws IOException {
        List<TopicPartition> open = new ArrayList<>();
        for (Map.Entry<TopicPartition, Long> partition : start.entrySet()) {
            if (partition.getValue() < stop.get(partition.getKey())) {
                open.add(partition.getKey());
            }
        }
        consumer.assign(open);
        open.forEach(partition -> consumer.seek(partition, start.get(partition)));
        long read = 0;
        while (!open.isEmpty()) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (record.offset() < stop.get(partition) && keep.test(record)) {
                    sink.accept(record.partition(), record.offset(), record.key(), record.value());
                    read++;
                }
            }
            // A transaction's markers and aborted records take offsets too: a partition is done when its position passes the stop.
            if (open.removeIf(partition -> consumer.position(partition) >= stop.get(partition))) {
                consumer.assign(open);
            }
            if (progress.due()) {
                progress.say(String.format("  %,d records read", read));
            }
        }
    }

    /** Each partition's first offset at or after {@code time}; its end when there is none, or for no time. */
    private static Map<TopicPartition, Long> offsetsAt(KafkaConsumer<String, byte[]> consumer, Instant time, Map<TopicPartition, Long> end) {
        if (time == null) {
            return end;
        }
        Map<TopicPartition, Long> query = new HashMap<>();
        end.keySet().forEach(partition -> query.put(partition, time.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, METADATA_TIMEOUT);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        end.forEach((partition, endOffset) -> {
            OffsetAndTimestamp offset = found.get(partition);
            offsets.put(partition, offset == null ? endOffset : Math.min(offset.offset(), endOffset));
        });
        return offsets;
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA_TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalArgumentException("the topic " + topic + " does not exist on this Kafka cluster; check the config's topics");
        }
        return infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
    }

    private static long span(Map<TopicPartition, Long> start, Map<TopicPartition, Long> stop) {
        return start.entrySet().stream().mapToLong(entry -> Math.max(0, stop.get(entry.getKey()) - entry.getValue())).sum();
    }

    private String range() {
        return " between " + (from == null ? "the beginning" : from) + " and " + (to == null ? "now" : to);
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "upshift-backtest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(properties);
    }
}
