package dev.upshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upshift.common.config.ConfigLoader;
import dev.upshift.common.json.Json;
import dev.upshift.jobs.decisions.DecisionsJob;
import dev.upshift.jobs.runtime.FlinkSettings;
import dev.upshift.jobs.runtime.JobSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./upshift run --shadow} beside the live job, on the catalog scenario: both read the same topics at the same
 * time, the live job with delivery on (mail through GreenMail), the shadow with the same playbook. The shadow sends
 * no mail, writes only its own {@code shadow.*} topics (never feedback, approvals or the live suppression list), and
 * {@code ./upshift compare --a upshift. --b shadow.} finds no difference.
 */
class ShadowJobIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = TestClusters.miniCluster();

    @TempDir
    Path dir;

    @Test
    void aShadowBesideTheLiveJobActsOnNothingAndComparesCleanly() throws Exception {
        // One slot each, so that the two jobs run at the same time on the test's two slots.
        Files.writeString(dir.resolve("playbook.yaml"), "flink: {parallelism.default: \"1\"}\n");
        try (CatalogScenario.Live live = new CatalogScenario.Live(ConfigLoader.load(dir.resolve("playbook.yaml")), dir)) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.of(live.config));
            DecisionsJob.define(env, live.config, new JobSettings(live.kafka.bootstrapServers(), "upshift", true));
            JobClient liveJob = env.executeAsync("Upshift IT: live");
            CompletableFuture<Integer> shadow = CompletableFuture.supplyAsync(() -> UpshiftCli.commandLine().execute("run", "--shadow",
                    "--bounded", "--bootstrap-servers", live.kafka.bootstrapServers(), "--config", dir.resolve("playbook.yaml").toString(),
                    "--job-name", "Upshift IT: shadow"));
            liveJob.getJobExecutionResult().get();
            assertThat(shadow.get()).isZero();

            KafkaTopics client = live.client;
            List<String> liveOffers = client.readValues(live.topics.offers());
            long requested = liveOffers.stream().map(TestJson::parse).filter(offer -> offer.get("status").asText().equals("requested")).count();
            assertThat(requested).isGreaterThan(10);
            assertThat(live.mail.received()).as("only the live job's offers are mailed, once each").hasSize((int) requested);

            assertThat(sorted(client.readValues("shadow.offers"))).isEqualTo(sorted(liveOffers));
            assertThat(sorted(client.readValues("shadow.signals"))).isEqualTo(sorted(client.readValues(live.topics.signals())));
            // Each job wrote its own learned opt-outs once: had the shadow written the live list, it would hold two of each.
            assertThat(client.count("shadow.suppressions")).isPositive().isEqualTo(client.count(live.topics.suppressions()));
            assertThat(client.count(live.topics.feedback())).isEqualTo(CatalogScenario.lines("feedback.jsonl").size());
            assertThat(client.count(live.topics.approvals())).isZero();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, live.kafka.bootstrapServers()))) {
                Set<String> shadowTopics = admin.listTopics().names().get().stream().filter(name -> name.startsWith("shadow."))
                        .collect(Collectors.toSet());
                assertThat(shadowTopics).containsExactlyInAnyOrder("shadow.signals", "shadow.offers", "shadow.audit", "shadow.dlq",
                        "shadow.suppressions");
            }

            Path report = dir.resolve("compare");
            assertThat(UpshiftCli.commandLine().execute("compare", "--bootstrap-servers", live.kafka.bootstrapServers(),
                    "--a", "upshift.", "--b", "shadow.", "--out", report.toString())).isZero();
            JsonNode comparison = Json.tree(Files.readString(report.resolve("comparison.json")));
            assertThat(comparison.path("changedAccounts").size()).isZero();
            assertThat(comparison.path("total").path("a").path("requested").asLong()).isEqualTo(requested);
            assertThat(comparison.path("total").path("a")).isEqualTo(comparison.path("total").path("b"));
            assertThat(comparison.path("configChanges").isNull()).isTrue();
        }
    }

    private static List<String> sorted(List<String> values) {
        return values.stream().sorted().toList();
    }
}
