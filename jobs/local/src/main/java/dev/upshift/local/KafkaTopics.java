package dev.upshift.local;

import dev.upshift.common.config.UpshiftConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Plain Kafka client chores for the local tools: produce, read a topic to its end, count records. */
public final class KafkaTopics {
    private final String bootstrapServers;

    public KafkaTopics(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** Creates Upshift's topics if missing, with the accounts and the delivery ledger compacted. */
    public void createTopics(UpshiftConfig.Topics topics, int partitions) {
        createTopics(partitions, List.of(topics.events(), topics.accounts(), topics.feedback(), topics.approvals(), topics.signals(),
                        topics.offers(), topics.drafts(), topics.deliveries(), topics.outcomes(), topics.audit(), topics.dlq(),
                        topics.suppressions()),
                Set.of(topics.accounts(), topics.deliveries(), topics.suppressions()));
    }

    /** Creates the topics if missing; {@code compacted} topics keep the latest record per key. */
    public void createTopics(int partitions, Collection<String> topics, Collection<String> compacted) {
        List<NewTopic> newTopics = new ArrayList<>();
        for (String topic : topics) {
            NewTopic newTopic = new NewTopic(topic, partitions, (short) 1);
            if (compacted.contains(topic)) {
                newTopic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            }
            newTopics.add(newTopic);
        }
        try (Admin admin = admin()) {
            admin.createTopics(newTopics).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topics " + topics, e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /** Sets one config of a topic, e.g. a larger {@code max.message.bytes}. */
    public void setTopicConfig(String topic, String key, String value) {
        try (Admin admin = admin()) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic),
                    List.of(new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET)))).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot set " + key + " of " + topic, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while configuring " + topic, e);
        }
    }

    /** True when the broker answers. */
    public boolean isReachable() {
        try (Admin admin = admin()) {
            admin.describeCluster().clusterId().get(5, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000", AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000"));
    }

    /** A producer that loads fast (the leader's acknowledgement only): demo data and tests. */
    public KafkaProducer<byte[], byte[]> producer() {
        return producer("1");
    }

    /** @param acks {@code 1} to load fast, {@code all} for results a person will read */
    public KafkaProducer<byte[], byte[]> producer(String acks) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(512 * 1024));
        props.put(ProducerConfig.ACKS_CONFIG, acks);
        // One request in flight, so a retry (a broker that just started answers NOT_LEADER at first) cannot reorder a
        // partition: its records stay in the order a test or the demo produced them in.
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        return new KafkaProducer<>(props);
    }

    public static ProducerRecord<byte[], byte[]> record(String topic, String key, String value) {
        return record(topic, key, value, null);
    }

    /** @param timestamp the record's Kafka timestamp (when it was written); null for now */
    public static ProducerRecord<byte[], byte[]> record(String topic, String key, String value, Long timestamp) {
        return new ProducerRecord<>(topic, null, timestamp, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads every record currently in the topic, from the beginning to the end offsets seen at the start. */
    public void readAll(String topic, Consumer<ConsumerRecord<byte[], byte[]>> action) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(action);
            }
        }
    }

    public List<String> readValues(String topic) {
        List<String> values = new ArrayList<>();
        readAll(topic, record -> values.add(new String(record.value(), StandardCharsets.UTF_8)));
        return values;
    }

    /** Reads a topic from the beginning, each record as soon as its transaction commits, until {@code keepGoing} turns false. */
    public void follow(String topic, BooleanSupplier keepGoing, Consumer<ConsumerRecord<byte[], byte[]>> action) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(1)) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (keepGoing.getAsBoolean()) {
                consumer.poll(Duration.ofMillis(50)).forEach(action);
            }
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return consumer(64 * 1024);
    }

    /** @param fetchMinBytes 1 to see each record as soon as it is there; more to read a topic end to end in fewer fetches */
    private KafkaConsumer<byte[], byte[]> consumer(int fetchMinBytes) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, String.valueOf(fetchMinBytes));
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(props);
    }

    /** Total records in a topic (sum of end offsets; exact for topics written without transactions). */
    public long count(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            return consumer.endOffsets(partitions(consumer, topic)).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        return consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .collect(Collectors.toList());
    }

    /** Offsets a consumer group has committed on a topic, summed over partitions. */
    public long committed(String groupId, String topic) {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets =
                    admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
            return offsets.entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset())
                    .sum();
        } catch (ExecutionException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
