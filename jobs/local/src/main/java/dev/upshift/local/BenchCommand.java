package dev.upshift.local;

import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.json.InputParser;
import dev.upshift.common.model.SourceRef;
import dev.upshift.jobs.ConfigOption;
import dev.upshift.jobs.KafkaJob;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./upshift bench}: the job's end-to-end rate next to the raw rate of a plain Kafka consumer plus
 * Jackson parsing the same topic, measured in the same run on the same broker.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure the job's throughput against the raw Kafka read+parse rate. Prints a final JSON line.")
final class BenchCommand implements Callable<Integer> {
    private static final long START = Instant.parse("2026-06-01T00:00:00Z").toEpochMilli();
    private static final String GROUP_ID = "upshift-bench";
    private static final long SPAN_MILLIS = 16L * 7 * 24 * 3600 * 1000;

    @Option(names = "--events", defaultValue = "5000000", description = "Events to load (default: ${DEFAULT-VALUE})")
    long eventCount;

    /** The shape of the data: how many accounts the events are spread over. */
    enum Profile {
        /** About 3 events per account per week: most events are the only one of their account for days. */
        DEFAULT(100_000),
        /** About 45 events per account per day, as active accounts of a real product emit. */
        DENSE(1_000);

        final int accounts;

        Profile(int accounts) {
            this.accounts = accounts;
        }
    }

    @Option(names = "--profile", defaultValue = "default", converter = ProfileConverter.class,
            description = "default: the events spread over 100,000 accounts; dense: over 1,000 (default: ${DEFAULT-VALUE})")
    Profile profile;

    @Option(names = "--accounts", description = "Accounts the events belong to (default: the profile's)")
    Integer accounts;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions of the events topic (default: ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--deliver", description = "Also draft and send the offers' mail, to an embedded mail server (GreenMail)")
    boolean deliver;

    @Mixin
    ConfigOption configOption;

    private int accountCount;

    @Override
    public Integer call() throws Exception {
        accountCount = accounts != null ? accounts : profile.accounts;
        UpshiftConfig loaded = configOption.load();
        UpshiftConfig.Topics topics = loaded.topics();
        Progress progress = new Progress();
        Path workDir = LocalFiles.temporaryDirectory("upshift-bench-");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); EmbeddedMail mail = EmbeddedMail.start(workDir)) {
            UpshiftConfig config = deliver ? loaded.withDelivery(mail.delivery(loaded.delivery(), DemoData.OWNERS)) : loaded;
            kafka.createTopics(topics, partitions);
            KafkaTopics client = new KafkaTopics(kafka.bootstrapServers());
            progress.say(String.format("Loading %,d events for %,d accounts into the embedded broker", eventCount, accountCount));
            load(client, topics);

            progress.say("Raw: plain KafkaConsumer + Jackson parse of " + topics.events());
            double rawEps = measureRaw(client, config, topics.events());
            progress.say(String.format("Raw: %,.0f events/s", rawEps));

            progress.say("Job: the full topology, RocksDB and checkpointing on, bounded to the loaded events");
            StreamExecutionEnvironment env = LocalFlink.environment(config, workDir);
            KafkaJob.define(env, config, new KafkaJob.Settings(kafka.bootstrapServers(), GROUP_ID, true));
            long started = System.nanoTime();
            progress.runJob(env, "Upshift bench", () -> String.format("Job: events committed %,d / %,d",
                    client.committed(GROUP_ID, topics.events()), eventCount));
            double jobEps = eventCount / ((System.nanoTime() - started) / 1e9);
            progress.say(String.format("Job: %,.0f events/s (signals %,d, offers %,d, mails sent %,d, dlq %,d)", jobEps,
                    client.count(topics.signals()), client.count(topics.offers()), mail.received().size(), client.count(topics.dlq())));
            System.out.printf("{\"raw_eps\":%.0f,\"job_eps\":%.0f,\"ratio\":%.3f,\"profile\":\"%s\",\"events\":%d,\"accounts\":%d,"
                            + "\"deliver\":%b,\"mails\":%d,\"cores\":%d,\"signals_digest\":\"%s\",\"offers_digest\":\"%s\"}%n",
                    rawEps, jobEps, jobEps / rawEps, profile.name().toLowerCase(Locale.ROOT), eventCount, accountCount, deliver,
                    mail.received().size(), Runtime.getRuntime().availableProcessors(),
                    OutputDigest.of(client.readValues(topics.signals())), OutputDigest.of(client.readValues(topics.offers())));
        } finally {
            LocalFiles.deleteRecursively(workDir);
        }
        return 0;
    }

    /**
     * Accounts on rotating plans, owners and contact timezones; events spread evenly over 16 weeks in time order,
     * a realistic type mix.
     */
    private void load(KafkaTopics client, UpshiftConfig.Topics topics) {
        String[] plans = {"starter", "team", "business"};
        try (KafkaProducer<byte[], byte[]> producer = client.producer()) {
            for (int i = 0; i < accountCount; i++) {
                String id = "acct-" + i;
                producer.send(KafkaTopics.record(topics.accounts(), id, "{\"accountId\":\"" + id + "\",\"planId\":\""
                        + plans[i % plans.length] + "\",\"status\":\"active\",\"ownerId\":\"" + DemoData.OWNERS.get(i % DemoData.OWNERS.size())
                        + "\",\"contact\":{\"name\":\"Ops " + i + "\",\"email\":\"ops@" + id + ".example.com\",\"timezone\":\""
                        + (i % 2 == 0 ? "Europe/Berlin" : "America/New_York") + "\"}}"));
            }
            for (long n = 0; n < eventCount; n++) {
                String id = "acct-" + (n * 7919 % accountCount);
                String at = Instant.ofEpochMilli(START + n * SPAN_MILLIS / eventCount).toString();
                producer.send(KafkaTopics.record(topics.events(), id, event(n, id, at)));
            }
        }
    }

    private static String event(long n, String accountId, String at) {
        String head = "{\"eventId\":\"e" + n + "\",\"accountId\":\"" + accountId + "\",\"occurredAt\":\"" + at + "\",";
        int kind = (int) (n % 100);
        if (kind < 70) {
            return head + "\"type\":\"usage\",\"metric\":\"api_calls\",\"quantity\":" + (n % 50) + "}";
        } else if (kind < 85) {
            return head + "\"type\":\"usage\",\"metric\":\"storage_gb\",\"value\":" + (n % 90) + "}";
        } else if (kind < 86) {
            return head + "\"type\":\"seat_added\",\"userId\":\"u" + n + "\"}";
        }
        return head + "\"type\":\"session\",\"userId\":\"u" + (n % 13) + "\",\"attributes\":{\"page\":\"home\"}}";
    }

    /** Accepts the profile in any case: {@code dense}, {@code DENSE}. */
    static final class ProfileConverter implements CommandLine.ITypeConverter<Profile> {
        @Override
        public Profile convert(String value) {
            try {
                return Profile.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("unknown profile " + value + ": expected default or dense");
            }
        }
    }

    private double measureRaw(KafkaTopics client, UpshiftConfig config, String topic) {
        InputParser parser = new InputParser(config);
        long[] parsed = {0, 0};
        long started = System.nanoTime();
        client.readAll(topic, record -> {
            var result = parser.parseEvent(record.value(), SourceRef.kafka(record.topic(), record.partition(), record.offset()));
            parsed[result.deadLetter == null ? 0 : 1]++;
        });
        double seconds = (System.nanoTime() - started) / 1e9;
        if (parsed[0] + parsed[1] != eventCount) {
            throw new IllegalStateException("raw read saw " + (parsed[0] + parsed[1]) + " records, expected " + eventCount);
        }
        return eventCount / seconds;
    }
}
