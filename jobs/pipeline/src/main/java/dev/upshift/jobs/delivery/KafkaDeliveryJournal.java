package dev.upshift.jobs.delivery;

import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.json.Json;
import dev.upshift.common.model.DeliveryRecord;
import dev.upshift.jobs.io.AcknowledgedProducers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The delivery journal on Kafka. The ledger is the compacted {@code deliveries} topic, read in full (committed
 * records only) when a committer starts. Writes are Kafka transactions, acknowledged before the committer moves
 * on: an outcome, its audit record and its dead letter land together or not at all. The transactional id is
 * stable per committer subtask, so a restarted committer fences off its predecessor.
 */
public final class KafkaDeliveryJournal implements DeliveryJournal {
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);

    private final KafkaProducer<byte[], byte[]> producer;
    private final Map<String, DeliveryRecord> ledger = new HashMap<>();
    private final String deliveriesTopic;
    private final String auditTopic;
    private final String dlqTopic;

    private KafkaDeliveryJournal(String bootstrapServers, String writer, String deliveriesTopic, String auditTopic, String dlqTopic,
            int subtask) {
        this.deliveriesTopic = deliveriesTopic;
        this.auditTopic = auditTopic;
        this.dlqTopic = dlqTopic;
        readLedger(bootstrapServers);
        Properties producerProps = AcknowledgedProducers.properties(bootstrapServers);
        producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, deliveriesTopic + "-journal-" + writer + "-" + subtask);
        this.producer = new KafkaProducer<>(producerProps);
        producer.initTransactions();
    }

    /** @param writer names the job that sends: each needs transactional ids of its own */
    public static Factory factory(String bootstrapServers, String writer, UpshiftConfig.Topics topics) {
        String deliveries = topics.deliveries();
        String audit = topics.audit();
        String dlq = topics.dlq();
        return subtask -> new KafkaDeliveryJournal(bootstrapServers, writer, deliveries, audit, dlq, subtask);
    }

    private void readLedger(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(deliveriesTopic, READ_TIMEOUT).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            if (partitions.isEmpty()) {
                throw new IllegalStateException("the delivery ledger topic " + deliveriesTopic
                        + " does not exist: create it compacted (cleanup.policy=compact), see docs/contracts.md");
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_TIMEOUT);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot read the delivery ledger " + deliveriesTopic + " within " + READ_TIMEOUT);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() != null) {
                        DeliveryRecord delivery = Json.fromBytes(record.value(), DeliveryRecord.class);
                        ledger.put(delivery.ledgerKey(), delivery);
                    }
                }
            }
        }
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
        producer.close(Duration.ofSeconds(10));
    }
}
