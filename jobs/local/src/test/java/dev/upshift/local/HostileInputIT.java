package dev.upshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.jobs.decisions.DecisionsJob;
import dev.upshift.jobs.runtime.FlinkSettings;
import dev.upshift.jobs.runtime.JobSettings;
import dev.upshift.local.cluster.FlinkRest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live decision job, with delivery on, reads an event dated 2031 and one dated in the year 300,000,000 in the middle
 * of an ordinary stream. Neither stops it (no restart), neither moves its event time (every honest event after them
 * counts, none is late), and the mail the stream's offers are held for (their send window opens on the Tuesday after
 * the data ends) stays held: a clock dragged to 2031 would have released it at once.
 */
class HostileInputIT {
    private static final int ASKS = 30;
    private static final Instant FRIDAY = Instant.parse("2026-03-06T10:00:00Z");
    private static final String OWNER = "csm-hostile";

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestClusters.miniCluster();

    @TempDir
    Path workDir;

    @Test
    void anEventFromTheFutureAndAnOverflowingOneMidStreamNeitherStopTheJobNorMoveItsClock() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); EmbeddedMail mail = EmbeddedMail.start(workDir)) {
            UpshiftConfig base = CatalogScenario.config("hostile", """
                    time: {sourceIdleness: PT3S}
                    flink: {execution.checkpointing.interval: 1s}
                    """);
            UpshiftConfig config = base.withDelivery(mail.delivery(base.delivery(), List.of(OWNER)));
            UpshiftConfig.Topics topics = config.topics();
            kafka.createTopics(topics, 1);
            KafkaTopics client = new KafkaTopics(kafka.bootstrapServers());
            List<String> asks = new ArrayList<>();
            for (int i = 0; i < ASKS; i++) {
                asks.add("{\"eventId\":\"ask-" + i + "\",\"accountId\":\"acct-" + i + "\",\"type\":\"support_request\","
                        + "\"capability\":\"saml\",\"occurredAt\":\"" + FRIDAY.plusSeconds(7_200L * i) + "\"}");
                if (i == ASKS / 3) {
                    asks.add("{\"eventId\":\"from-2031\",\"accountId\":\"acct-0\",\"type\":\"page_view\",\"occurredAt\":\"2031-03-06T10:00:00Z\"}");
                    asks.add("{\"eventId\":\"overflow\",\"accountId\":\"acct-0\",\"type\":\"page_view\","
                            + "\"occurredAt\":\"+300000000-01-01T00:00:00Z\"}");
                }
            }
            try (KafkaProducer<byte[], byte[]> producer = client.producer()) {
                List<String> accounts = new ArrayList<>();
                for (int i = 0; i < ASKS; i++) {
                    accounts.add("{\"accountId\":\"acct-" + i + "\",\"planId\":\"starter\",\"status\":\"active\",\"ownerId\":\"" + OWNER
                            + "\",\"startedAt\":\"2025-01-01T00:00:00Z\",\"contact\":{\"name\":\"Ops\",\"email\":\"ops@acct-" + i
                            + ".example.com\",\"timezone\":\"Europe/Berlin\"}}");
                }
                CatalogScenario.produce(producer, topics.accounts(), accounts);
                CatalogScenario.produce(producer, topics.events(), asks);
            }

            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.of(config));
            DecisionsJob.define(env, config, new JobSettings(kafka.bootstrapServers(), "hostile", false));
            JobClient job = env.executeAsync("Upshift hostile input IT");
            FlinkRest rest = new FlinkRest("http://" + FLINK.getClientConfiguration().get(RestOptions.ADDRESS) + ":"
                    + FLINK.getClientConfiguration().get(RestOptions.PORT));
            String jobId = job.getJobID().toHexString();
            try {
                CatalogOnCluster.await(() -> client.readValues(topics.signals()).size() >= ASKS
                        && heldForTheWindow(client, topics) > 0, "every ask's signal, and offer mail held for its window");
                CatalogOnCluster.await(() -> rest.sumOfMetric(jobId, "acceptedEvents") >= ASKS, "every honest event counted");

                assertThat(rest.restarts(jobId)).as("restarts").isZero();
                assertThat(rest.jobState(jobId)).isEqualTo("RUNNING");
                assertThat(rest.sumOfMetric(jobId, "acceptedEvents")).as("events the activity operator counted").isEqualTo(ASKS);
                assertThat(client.readValues(topics.signals())).extracting(signal -> TestJson.parse(signal).get("firedAt").asText())
                        .as("one signal per ask, the twenty after the hostile two included")
                        .containsExactlyInAnyOrderElementsOf(asks.stream().filter(ask -> ask.contains("support_request"))
                                .map(ask -> TestJson.parse(ask).get("occurredAt").asText()).toList());
                assertThat(client.readValues(topics.dlq())).extracting(letter -> TestJson.parse(letter).get("reason").asText())
                        .containsExactlyInAnyOrder("future_event", "invalid_timestamp");
                assertThat(client.readValues(topics.audit())).map(TestJson::parse)
                        .filteredOn(record -> record.path("delivery").path("stage").asText().equals("held_for_window"))
                        .extracting(record -> record.path("delivery").path("sendAfter").asText())
                        .containsOnly("2026-03-10T08:00:00Z");
                assertThat(mail.received()).as("no held mail left before its window (Tuesday 09:00 Berlin)").isEmpty();
            } finally {
                job.cancel().get();
            }
        }
    }

    private static long heldForTheWindow(KafkaTopics client, UpshiftConfig.Topics topics) {
        return client.readValues(topics.audit()).stream().map(TestJson::parse)
                .map(record -> record.path("delivery").path("stage").asText())
                .filter("held_for_window"::equals).count();
    }
}
