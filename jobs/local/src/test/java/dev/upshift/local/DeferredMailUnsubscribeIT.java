package dev.upshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.mail.UnsubscribeLinks;
import dev.upshift.jobs.decisions.DecisionsJob;
import dev.upshift.jobs.runtime.FlinkSettings;
import dev.upshift.jobs.runtime.JobSettings;
import dev.upshift.jobs.unsubscribe.KafkaUnsubscribes;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opt-outs are checked again just before a mail leaves. The decision job runs with the mail server's SMTP down, so its
 * offer mails are journaled {@code deferred} (and, once Flink's commit retries run out, the job restarts over and over,
 * so it cannot put the opt-out on the suppression list meanwhile); one contact opts out through the unsubscribe
 * endpoint's own writer; SMTP comes back; the job sends every other deferred mail and cancels that one.
 */
class DeferredMailUnsubscribeIT {
    private static final Duration PATIENCE = Duration.ofMinutes(2);

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestClusters.miniCluster();

    @TempDir
    Path workDir;

    @Test
    void aMailDeferredByAnSmtpOutageIsNotSentOnceItsContactHasUnsubscribed() throws Exception {
        UpshiftConfig base = CatalogScenario.config("deferred", """
                flink:
                  execution.checkpointing.interval: 500ms
                delivery: {smtp: {attempts: 1, backoff: PT0.1S}}
                """);
        try (CatalogScenario.Live live = new CatalogScenario.Live(base, workDir)) {
            live.mail.stopSmtp();
            JobClient job = start(live);
            try {
                await(() -> !statuses(live, "deferred").isEmpty(), "an offer mail deferred while SMTP is down");
                JsonNode deferred = live.client.readValues(live.topics.deliveries()).stream().map(TestJson::parse)
                        .filter(record -> record.get("status").asText().equals("deferred")).findFirst().orElseThrow();
                String account = deferred.get("accountId").asText();
                String offerId = deferred.get("offerId").asText();
                Instant decidedAt = Instant.parse(offer(live, offerId).get("decidedAt").asText());

                try (KafkaUnsubscribes unsubscribes = new KafkaUnsubscribes(live.kafka.bootstrapServers(), live.topics.feedback())) {
                    unsubscribes.unsubscribed(new UnsubscribeLinks.Verified(account, offerId), decidedAt.toEpochMilli());
                }
                Set<String> deferredOffers = statuses(live, "deferred").keySet();
                assertThat(live.mail.received()).as("nothing leaves while SMTP is down").isEmpty();

                live.mail.startSmtp();
                await(() -> deferredOffers.stream().allMatch(id -> isSettled(statuses(live, "").get(id))), "every deferred mail settled");

                Map<String, List<String>> journal = statuses(live, "");
                assertThat(journal.get(offerId)).as("the unsubscribed contact's offer").endsWith("deferred", "cancelled");
                assertThat(deferredOffers).filteredOn(id -> !id.equals(offerId)).isNotEmpty()
                        .allSatisfy(id -> assertThat(journal.get(id)).as(id).endsWith("sent"));
                assertThat(live.mail.received()).extracting(message -> MailSummary.header(message, "To"))
                        .isNotEmpty().noneMatch(to -> to.contains(account + "@"));
                assertThat(live.client.readValues(live.topics.audit()).stream().map(TestJson::parse)
                        .filter(audit -> audit.at("/delivery/stage").asText().equals("cancelled")))
                        .extracting(audit -> audit.get("accountId").asText() + " " + audit.at("/delivery/detail").asText())
                        .containsExactly(account + " its recipient unsubscribed or complained since it was drafted (the suppression "
                                + "list or the feedback topic says so); not sent");
            } finally {
                job.cancel().get();
            }
        }
    }

    /** The decision job, unbounded: it keeps running, and its mail committer retrying, until the test cancels it. */
    private static JobClient start(CatalogScenario.Live live) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.of(live.config));
        DecisionsJob.define(env, live.config, new JobSettings(live.kafka.bootstrapServers(), "deferred", false));
        return env.executeAsync("Upshift IT: deferred mail, then unsubscribed");
    }

    /** Each offer's journal, in order; only offers that were ever journaled {@code status} (all of them for ""). */
    private static Map<String, List<String>> statuses(CatalogScenario.Live live, String status) {
        Map<String, List<String>> journal = new LinkedHashMap<>();
        live.client.readValues(live.topics.deliveries()).stream().map(TestJson::parse)
                .filter(record -> record.path("kind").asText().equals("offer"))
                .forEach(record -> journal.computeIfAbsent(record.get("offerId").asText(), id -> new ArrayList<>())
                        .add(record.get("status").asText()));
        journal.values().removeIf(states -> !status.isEmpty() && !states.contains(status));
        return journal;
    }

    private static boolean isSettled(List<String> states) {
        String last = states == null ? "" : states.get(states.size() - 1);
        return last.equals("sent") || last.equals("cancelled");
    }

    private static JsonNode offer(CatalogScenario.Live live, String offerId) {
        return live.client.readValues(live.topics.offers()).stream().map(TestJson::parse)
                .filter(offer -> offer.get("offerId").asText().equals(offerId)).findFirst().orElseThrow();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what + " within " + PATIENCE).isLessThan(deadline);
            Thread.sleep(250);
        }
    }
}
