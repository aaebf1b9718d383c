package dev.upshift.console;

import dev.upshift.common.json.Json;
import dev.upshift.common.model.OfferDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * One run's offer decisions, read from its offers topic up to the end it has now, {@code read_committed} and
 * without a consumer group, kept when decided within {@code [from, to)}. A decision written twice (a bounded job run
 * again from the start, a replay) counts once: offer ids are deterministic, so the offer id and status name it. A
 * record that is not a decision is counted and skipped, never guessed at.
 *
 * @param unreadable records skipped as not readable as an offer decision
 */
record DecisionTopic(String topic, List<OfferDecision> decisions, long unreadable) {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** @param from the first instant, inclusive; null for any; {@code to} exclusive, null for any */
    static DecisionTopic read(String bootstrapServers, String topic, Instant from, Instant to) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "upshift-compare");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalArgumentException("the topic " + topic + " does not exist on " + bootstrapServers + ": check the prefix");
            }
            List<TopicPartition> partitions = infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<String, OfferDecision> decisions = new LinkedHashMap<>();
            long unreadable = 0;
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    OfferDecision decision = parse(record.value());
                    if (decision == null) {
                        unreadable++;
                    } else if ((from == null || decision.decidedAt >= from.toEpochMilli()) && (to == null || decision.decidedAt < to.toEpochMilli())) {
                        decisions.put(decision.offerId + "|" + decision.status, decision);
                    }
                }
            }
            return new DecisionTopic(topic, List.copyOf(decisions.values()), unreadable);
        }
    }

    private static OfferDecision parse(byte[] value) {
        try {
            OfferDecision decision = value == null ? null : Json.fromBytes(value, OfferDecision.class);
            return decision == null || decision.offerId == null || decision.accountId == null || decision.status == null ? null : decision;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
