package dev.upshift.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.json.InputParser;
import dev.upshift.common.model.InputRecord;
import dev.upshift.common.model.SourceRef;
import dev.upshift.jobs.decisions.DecisionsJob;
import dev.upshift.jobs.runtime.ConfigOption;
import dev.upshift.jobs.runtime.JobSettings;
import dev.upshift.local.cluster.FlinkRest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./upshift bench}: the job's end-to-end rate next to the raw rate of a plain Kafka consumer plus Jackson
 * parsing the same topic and the rate of a Flink SQL peer ({@link SqlPeer}), measured in the same run on the same
 * broker; or, with {@code --latency-rate}, the job's latency ({@link LatencyRun}). docs/benchmarks.md explains each figure.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure the job's throughput against the raw Kafka read+parse rate and a Flink SQL peer of two signals,"
                + " or (--latency-rate) its latency. Prints a final JSON line.")
final class BenchCommand implements Callable<Integer> {
    private static final String GROUP_ID = "upshift-bench";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SQL_GROUP_ID = "upshift-bench-sql";
    private static final String SQL_SIGNALS_TOPIC = "upshift.bench.sql-signals";

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

    @Option(names = "--latency-rate", paramLabel = "EVENTS_PER_SECOND",
            description = "Instead of throughput: run the job unbounded, produce the events at this pace, and report how long each"
                    + " offer decided on an event takes from the event's append to its commit (use half the job_eps of a throughput run)")
    Double latencyRate;

    @Option(names = "--skip-sql", description = "Do not run the Flink SQL peer (sql_eps and job_vs_sql are then left out)")
    boolean skipSql;

    @Mixin
    ConfigOption configOption;

    @Override
    public Integer call() throws Exception {
        BenchData data = new BenchData(eventCount, accounts != null ? accounts : profile.accounts);
        UpshiftConfig loaded = configOption.load();
        UpshiftConfig.Topics topics = loaded.topics();
        Progress progress = new Progress();
        Path workDir = LocalFiles.temporaryDirectory("upshift-bench-");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); EmbeddedMail mail = EmbeddedMail.start(workDir)) {
            UpshiftConfig config = deliver ? loaded.withDelivery(mail.delivery(loaded.delivery(), DemoData.OWNERS)) : loaded;
            kafka.createTopics(topics, partitions);
            KafkaTopics client = new KafkaTopics(kafka.bootstrapServers());
            ObjectNode figures = JSON.createObjectNode();
            if (latencyRate != null) {
                LatencyRun latency = new LatencyRun(data, latencyRate);
                LatencyRun.Result result = latency.run(kafka, client, config, workDir, progress);
                progress.say(latency.describe(result));
                figures.put("latency_rate", Math.round(result.rate())).put("offers_measured", result.offersMeasured())
                        .put("latency_p50_ms", result.p50Millis()).put("latency_p99_ms", result.p99Millis())
                        .put("latency_max_ms", result.maxMillis()).put("checkpoint_interval_ms", result.checkpointIntervalMillis());
            } else {
                measureThroughput(data, kafka, client, config, mail, workDir, progress, figures);
            }
            figures.put("profile", profile.name().toLowerCase(Locale.ROOT)).put("events", data.eventCount)
                    .put("accounts", data.accountCount).put("cores", Runtime.getRuntime().availableProcessors());
            System.out.println(JSON.writeValueAsString(figures));
        } finally {
            LocalFiles.deleteRecursively(workDir);
        }
        return 0;
    }

    /** Raw read, then the job, then the SQL peer, on the same loaded topic; their figures go into {@code figures}. */
    private void measureThroughput(BenchData data, EmbeddedKafka kafka, KafkaTopics client, UpshiftConfig config, EmbeddedMail mail,
            Path workDir, Progress progress, ObjectNode figures) throws Exception {
        UpshiftConfig.Topics topics = config.topics();
        progress.say(String.format("Loading %,d events for %,d accounts into the embedded broker", data.eventCount, data.accountCount));
        try (KafkaProducer<byte[], byte[]> producer = client.producer()) {
            data.loadAccounts(producer, topics.accounts());
            for (long n = 0; n < data.eventCount; n++) {
                producer.send(data.event(n, topics.events()));
            }
        }

        progress.say("Raw: plain KafkaConsumer + Jackson parse of " + topics.events());
        double rawEps = measureRaw(client, config, topics.events());
        progress.say(String.format("Raw: %,.0f events/s", rawEps));

        progress.say("Job: the full topology, RocksDB and checkpointing on, bounded to the loaded events");
        int restPort = EmbeddedKafka.freePort();
        StreamExecutionEnvironment env = LocalFlink.environment(config, workDir, restPort);
        DecisionsJob.define(env, config, new JobSettings(kafka.bootstrapServers(), GROUP_ID, true));
        long started = System.nanoTime();
        JobClient job = env.executeAsync("Upshift bench");
        BenchWatch watch = new BenchWatch(() -> client.committed(GROUP_ID, topics.events()), eventCount,
                new FlinkRest("http://localhost:" + restPort), job.getJobID().toString());
        progress.awaitJob(job.getJobExecutionResult(), watch::sample);
        double jobEps = eventCount / ((System.nanoTime() - started) / 1e9);
        progress.say(String.format("Job: %,.0f events/s (signals %,d, offers %,d, mails sent %,d, dlq %,d)", jobEps,
                client.count(topics.signals()), client.count(topics.offers()), mail.received().size(), client.count(topics.dlq())));

        List<String> jobSignals = client.readValues(topics.signals());

        figures.put("raw_eps", Math.round(rawEps)).put("job_eps", Math.round(jobEps)).put("ratio", rounded(jobEps / rawEps, 3));
        if (!skipSql) {
            double sqlEps = measureSql(kafka, client, config, workDir, progress, jobSignals);
            figures.put("sql_eps", Math.round(sqlEps)).put("job_vs_sql", rounded(jobEps / sqlEps, 2));
        }
        figures.put("steady_eps", Math.round(watch.steadyEventsPerSecond())).put("checkpoints", watch.completedCheckpoints())
                .put("checkpoint_p50_ms", watch.checkpointMillis("p50")).put("checkpoint_max_ms", watch.checkpointMillis("max"))
                .put("state_bytes", watch.stateBytes()).put("state_bytes_per_account", watch.stateBytes() / data.accountCount)
                .put("deliver", deliver).put("mails", mail.received().size())
                .put("signals_digest", OutputDigest.of(jobSignals))
                .put("offers_digest", OutputDigest.of(client.readValues(topics.offers())));
    }

    private static double rounded(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    /**
     * The Flink SQL peer (bench/sql-peer.sql) over the same topic, on a MiniCluster of its own; its rate in events/s.
     *
     * @param jobSignals the job's signals, whose counts are printed beside the peer's
     */
    private double measureSql(EmbeddedKafka kafka, KafkaTopics client, UpshiftConfig config, Path workDir, Progress progress,
            List<String> jobSignals) throws Exception {
        client.createTopics(partitions, List.of(SQL_SIGNALS_TOPIC), List.of());
        progress.say("SQL peer: limit_pressure and seat_growth in Flink SQL (" + SqlPeer.SCRIPT + "), same topic and Flink options");
        SqlPeer sql = new SqlPeer(LocalFlink.environment(config, workDir), config, kafka.bootstrapServers(), SQL_GROUP_ID,
                SQL_SIGNALS_TOPIC);
        long started = System.nanoTime();
        sql.run(progress, () -> String.format("SQL peer: events committed %,d / %,d",
                client.committed(SQL_GROUP_ID, config.topics().events()), eventCount));
        double sqlEps = eventCount / ((System.nanoTime() - started) / 1e9);
        Map<String, Long> peer = countBySignal(client.readValues(SQL_SIGNALS_TOPIC));
        Map<String, Long> job = countBySignal(jobSignals);
        progress.say(String.format("SQL peer: %,.0f events/s (limit_pressure %,d, seat_growth %,d; the job's: %,d and %,d)", sqlEps,
                peer.getOrDefault("limit_pressure", 0L), peer.getOrDefault("seat_growth", 0L),
                job.getOrDefault("limit_pressure", 0L), job.getOrDefault("seat_growth", 0L)));
        return sqlEps;
    }

    private static Map<String, Long> countBySignal(List<String> signals) throws IOException {
        Map<String, Long> counts = new TreeMap<>();
        for (String signal : signals) {
            counts.merge(JSON.readTree(signal).path("signal").asText(), 1L, Long::sum);
        }
        return counts;
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
            parsed[result.kind == InputRecord.Kind.DEAD_LETTER ? 1 : 0]++;
        });
        double seconds = (System.nanoTime() - started) / 1e9;
        if (parsed[0] + parsed[1] != eventCount) {
            throw new IllegalStateException("raw read saw " + (parsed[0] + parsed[1]) + " records, expected " + eventCount);
        }
        return eventCount / seconds;
    }
}
