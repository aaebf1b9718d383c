package dev.upshift.jobs.delivery;

import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.json.InputParser;
import dev.upshift.common.json.Json;
import dev.upshift.common.mail.Settlements.Settlement;
import dev.upshift.common.model.DeliveryRecord;
import dev.upshift.common.model.Suppression;
import dev.upshift.jobs.runtime.io.AcknowledgedProducers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The delivery journal on Kafka. The ledger is the compacted {@code deliveries} topic, read in full (committed
 * records only) when a committer starts. Writes are Kafka transactions, acknowledged before the committer moves
 * on: an outcome, its audit record and its dead letter land together or not at all. The transactional id is
 * stable per committer subtask, so a restarted committer fences off its predecessor. The suppression list (the
 * compacted {@code suppressions} topic) is followed by a consumer of its own, read up to its end before each chunk;
 * so is the {@code feedback} topic, from the time the oldest mail in hand was drafted, for opt-outs.
 */
public final class KafkaDeliveryJournal implements DeliveryJournal {
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);

    private final KafkaProducer<byte[], byte[]> producer;
    private final Map<String, DeliveryRecord> ledger = new HashMap<>();
    private final KafkaConsumer<byte[], byte[]> suppressionList;
    /** Address keys on the suppression list, as far as it has been read. */
    private final Set<String> suppressed = new HashSet<>();
    private final KafkaConsumer<byte[], byte[]> feedback;
    private final List<TopicPartition> feedbackPartitions;
    /** The feedback topic is read from this record time on (only opt-outs after a held mail was drafted matter). */
    private long feedbackReadFrom = Long.MAX_VALUE;
    /** Each account's latest opt-out on the feedback topic, as far as it has been read. */
    private final Map<String, Long> latestOptOut = new HashMap<>();
    private final String deliveriesTopic;
    private final String auditTopic;
    private final String dlqTopic;

    private KafkaDeliveryJournal(String bootstrapServers, String writer, UpshiftConfig.Topics topics, int subtask) {
        this.deliveriesTopic = topics.deliveries();
        this.auditTopic = topics.audit();
        this.dlqTopic = topics.dlq();
        try (KafkaConsumer<byte[], byte[]> consumer = committedReader(bootstrapServers)) {
            readToEnd(consumer, assignedFromStart(consumer, deliveriesTopic), record -> {
                DeliveryRecord delivery = Json.fromBytes(record.value(), DeliveryRecord.class);
                ledger.put(delivery.ledgerKey(), delivery);
            });
        }
        this.suppressionList = committedReader(bootstrapServers);
        assignedFromStart(suppressionList, topics.suppressions());
        this.feedback = committedReader(bootstrapServers);
        this.feedbackPartitions = assignedFromStart(feedback, topics.feedback());
        Properties producerProps = AcknowledgedProducers.properties(bootstrapServers);
        producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, deliveriesTopic + "-journal-" + writer + "-" + subtask);
        this.producer = new KafkaProducer<>(producerProps);
        producer.initTransactions();
    }

    /** @param writer names the job that sends: each needs transactional ids of its own */
    public static Factory factory(String bootstrapServers, String writer, UpshiftConfig.Topics topics) {
        return subtask -> new KafkaDeliveryJournal(bootstrapServers, writer, topics, subtask);
    }

    private static KafkaConsumer<byte[], byte[]> committedReader(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(props);
    }

    private static List<TopicPartition> assignedFromStart(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, READ_TIMEOUT).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        if (partitions.isEmpty()) {
            throw new IllegalStateException("the topic " + topic + " does not exist: create it as its contract says (compacted or not), "
                    + "see docs/contracts.md");
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return partitions;
    }

    /** Reads the committed records up to the partitions' current ends; deletions (null values) are skipped. */
    private static void readToEnd(KafkaConsumer<byte[], byte[]> consumer, Collection<TopicPartition> partitions,
            Consumer<ConsumerRecord<byte[], byte[]>> apply) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_TIMEOUT);
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("cannot read " + partitions.iterator().next().topic() + " within " + READ_TIMEOUT);
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                if (record.value() != null) {
                    apply.accept(record);
                }
            }
        }
    }

    @Override
    public Set<String> suppressedAmong(Collection<String> addressKeys) {
        if (addressKeys.isEmpty()) {
            return Set.of();
        }
        readToEnd(suppressionList, suppressionList.assignment(),
                record -> InputParser.suppressionEntry(keyOf(record), record.value()).ifPresent(this::apply));
        return addressKeys.stream().filter(suppressed::contains).collect(Collectors.toSet());
    }

    @Override
    public Map<String, Long> optOutsSince(Collection<String> accountIds, long since) {
        if (accountIds.isEmpty()) {
            return Map.of();
        }
        if (since < feedbackReadFrom) {
            seekTo(feedback, feedbackPartitions, since);
            latestOptOut.clear();
            feedbackReadFrom = since;
        }
        readToEnd(feedback, feedbackPartitions, record -> InputParser.optOutEntry(record.value())
                .ifPresent(optOut -> latestOptOut.merge(optOut.accountId, optOut.occurredAt, Math::max)));
        Map<String, Long> optOuts = new HashMap<>();
        for (String accountId : accountIds) {
            Long at = latestOptOut.get(accountId);
            if (at != null && at >= since) {
                optOuts.put(accountId, at);
            }
        }
        return optOuts;
    }

    /** To the first record written at or after {@code time}; to the end where there is none. */
    private static void seekTo(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions, long time) {
        Map<TopicPartition, Long> times = new HashMap<>();
        partitions.forEach(partition -> times.put(partition, Math.max(0, time)));
        Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(times, READ_TIMEOUT);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, READ_TIMEOUT);
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp found = offsets.get(partition);
            consumer.seek(partition, found != null ? found.offset() : ends.get(partition));
        }
    }

    private void apply(Suppression entry) {
        if (Suppression.LIFTED.equals(entry.status)) {
            suppressed.remove(entry.addressKey);
        } else {
            suppressed.add(entry.addressKey);
        }
    }

    private static String keyOf(ConsumerRecord<byte[], byte[]> record) {
        return record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    }

    @Override
    public DeliveryRecord lastRecord(String ledgerKey) {
        return ledger.get(ledgerKey);
    }

    @Override
    public void begin(List<DeliveryRecord> sending) {
        inTransaction(sending.stream().map(this::ledgerEntry).toList());
        sending.forEach(record -> ledger.put(record.ledgerKey(), record));
    }

    @Override
    public void settle(List<Settlement> settlements) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (Settlement settlement : settlements) {
            records.add(ledgerEntry(settlement.outcome()));
            records.add(record(auditTopic, settlement.audit().accountId, settlement.audit()));
            if (settlement.deadLetter() != null) {
                records.add(record(dlqTopic, settlement.deadLetter().accountId, settlement.deadLetter()));
            }
        }
        inTransaction(records);
        settlements.forEach(settlement -> ledger.put(settlement.outcome().ledgerKey(), settlement.outcome()));
    }

    private ProducerRecord<byte[], byte[]> ledgerEntry(DeliveryRecord record) {
        return record(deliveriesTopic, record.ledgerKey(), record);
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String key, Object value) {
        return new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), Json.toBytes(value));
    }

    private void inTransaction(List<ProducerRecord<byte[], byte[]>> records) {
        producer.beginTransaction();
        try {
            for (ProducerRecord<byte[], byte[]> record : records) {
                producer.send(record);
            }
            producer.commitTransaction();
        } catch (RuntimeException e) {
            try {
                producer.abortTransaction();
            } catch (RuntimeException abortFailed) {
                e.addSuppressed(abortFailed);
            }
            throw new IllegalStateException("cannot write the delivery journal: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        suppressionList.close();
        feedback.close();
        producer.close(Duration.ofSeconds(10));
    }
}
