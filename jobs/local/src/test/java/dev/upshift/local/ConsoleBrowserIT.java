package dev.upshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upshift.common.config.ConfigLoader;
import dev.upshift.common.config.Delivery;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.console.Console;
import dev.upshift.console.ReportCommand;
import dev.upshift.console.Users;
import dev.upshift.jobs.decisions.DecisionsJob;
import dev.upshift.jobs.delivery.OutgoingMail;
import dev.upshift.jobs.runtime.FlinkSettings;
import dev.upshift.jobs.runtime.JobSettings;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The console in a real browser (Debian's headless Chromium, driven by Selenium through the system's chromedriver),
 * beside a live decision job with every playbook in review mode, on the console scenario
 * ({@code scenarios/console/README.md}): CS owner csm-ana signs in, sees only her drafts, approves one, edits one
 * (refused inline for an invented price, then fixed), rejects one; csm-ben can't see or decide on them by the pages,
 * a typed URL or a forged POST; the timeline says why an account got nothing; the report shows the lift with its
 * interval. The job, reading the approvals the console wrote, mails exactly the approved and the edited drafts,
 * once each. Screenshots of every page go to {@code target/console-screenshots}.
 */
class ConsoleBrowserIT {
    private static final Path SCENARIO = Path.of("src/test/resources/scenarios/console");
    private static final String PASSWORD = "correct horse battery";
    private static final String INVENTED_PRICE = "\n\nFor you it is only $1 a month.";

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestClusters.miniCluster();

    @TempDir
    Path workDir;

    @Test
    void ownersReviewTheirDraftsAndOnlyTheirs() throws Exception {
        UpshiftConfig base = ConfigLoader.load("console-it", CatalogScenario.topicsYaml("console-it") + """
                holdout: {fraction: 0.3, salt: console-it-45}
                time: {sourceIdleness: PT3S}
                delivery:
                  review: {mode: review, admins: [revops-lead]}
                  sendWindow: {days: [MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY], start: "00:00", end: "23:59:59.999999999"}
                """);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); EmbeddedMail mail = EmbeddedMail.start(workDir)) {
            UpshiftConfig config = base.withDelivery(mail.delivery(base.delivery(), List.of("csm-ana", "csm-ben")));
            UpshiftConfig.Topics topics = config.topics();
            kafka.createTopics(topics, 1);
            KafkaTopics client = new KafkaTopics(kafka.bootstrapServers());
            produceScenario(client, topics, Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(2)));
            JobClient job = startDecisions(config, kafka);
            CatalogOnCluster.await(() -> client.readValues(topics.drafts()).size() == 5, "the five drafts in review");
            Map<String, String> offers = offerIds(client, topics);

            Path users = workDir.resolve("users.yaml");
            Users.writeFile(users, List.of("csm-ana", "csm-ben"), PASSWORD.toCharArray());
            try (Console console = Console.start(config, kafka.bootstrapServers(), users,
                    new Console.Settings("127.0.0.1", 0, Duration.ofMinutes(5), Duration.ofDays(30), null));
                    TestBrowser ana = new TestBrowser(console.url(), workDir.resolve("chrome-ana"));
                    TestBrowser ben = new TestBrowser(console.url(), workDir.resolve("chrome-ben"))) {
                ana.signIn("csm-ana", PASSWORD);
                assertThat(ana.inboxAccounts()).containsExactlyInAnyOrder("Ana One Ltd", "Ana Two GmbH", "Ana Three Inc", "Converter Co");
                ana.screenshot("01-inbox-ana");

                ana.open("drafts/" + offers.get("ana-1"));
                Delivery.Identity identity = config.delivery().identities().get("csm-ana");
                assertThat(ana.text("from")).isEqualTo(identity.displayName() + " <" + identity.fromAddress() + ">");
                assertThat(ana.text("signal")).startsWith("explicit_ask: ");
                assertThat(ana.driver.findElements(By.cssSelector("#ranking tbody tr"))).isNotEmpty();
                ana.screenshot("02-draft");
                ana.click("approve");
                assertThat(ana.text("notice")).startsWith("Approved the draft for Ana One Ltd");

                ana.open("drafts/" + offers.get("ana-2"));
                String body = ana.driver.findElement(By.id("edit-body")).getAttribute("value");
                ana.type("edit-body", body + INVENTED_PRICE);
                ana.click("save-edit");
                assertThat(ana.text("edit-error")).startsWith("Not accepted: invented_price");
                assertThat(ana.driver.findElement(By.id("edit-body")).getAttribute("value")).endsWith(INVENTED_PRICE.strip());
                ana.screenshot("03-edit-refused");
                ana.type("edit-body", body.replace("Hi Contact ana-2,", "Hello again,"));
                ana.type("edit-subject", "About SAML for your team");
                ana.click("save-edit");
                assertThat(ana.text("notice")).startsWith("Approved as edited the draft for Ana Two GmbH");

                ana.openFromInboxByKeyboard(offers.get("ana-3"));
                ana.type("reject-note", "Talking to them on the phone instead");
                ana.driver.findElement(By.tagName("h1")).click();
                ana.press("r");
                assertThat(ana.text("notice")).startsWith("Rejected the draft for Ana Three Inc");
                assertThat(ana.awaitingAccounts()).containsExactly("Converter Co");
                ana.screenshot("04-inbox-after-decisions");

                ben.signIn("csm-ben", PASSWORD);
                assertThat(ben.inboxAccounts()).containsExactly("Ben One SA");
                ben.open("drafts/" + offers.get("conv-1"));
                assertThat(ben.driver.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
                ben.screenshot("05-other-owners-draft-by-url");
                ben.open("drafts/" + offers.get("ben-1"));
                assertThat(ben.forgePost("/drafts/" + offers.get("conv-1"), "approve")).contains("Not found").contains("nothing was written");
                ben.open("accounts?q=ana");
                assertThat(ben.text("no-match")).startsWith("No account of your accounts (csm-ben) matches");
                ben.open("accounts/ana-1");
                assertThat(ben.driver.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
                ben.open("drafts/" + offers.get("ben-1"));
                assertThat(ben.postWithoutToken("/drafts/" + offers.get("ben-1"))).contains("security token");

                ana.open("accounts?q=opted");
                ana.screenshot("06-account-search");
                ana.driver.findElement(By.linkText("ana-opted")).click();
                assertThat(ana.text("timeline")).contains("Not sent: suppressed (opted_out)")
                        .contains("The account opted out, or its contact's address is on the suppression list: it is never mailed.");
                ana.screenshot("07-timeline");

                ana.open("report");
                assertThat(ana.text("headline")).isEqualTo(
                        "Lift -0.250 (95% CI -0.704 to +0.355, Newcombe's hybrid score): treatment converted 0.250, holdout 0.500.");
                assertThat(ana.driver.findElements(By.cssSelector("#chart svg polyline"))).hasSize(2);
                ana.screenshot("08-report");
            }

            List<JsonNode> approvals = client.readValues(topics.approvals()).stream().map(TestJson::parse).toList();
            assertThat(approvals).extracting(approval -> approval.get("accountId").asText() + ":" + approval.get("decision").asText()
                    + ":" + approval.get("approverId").asText()).containsExactlyInAnyOrder(
                    "ana-1:approve:csm-ana", "ana-2:edit:csm-ana", "ana-3:reject:csm-ana");
            ContractSchemaTest.assertValid("approval", client.readValues(topics.approvals()));

            CatalogOnCluster.await(() -> mail.received().size() >= 2, "the approved and the edited mail sent");
            CatalogOnCluster.await(() -> client.readValues(topics.audit()).stream().anyMatch(line -> line.contains("\"rejected\"")),
                    "the rejection audited");
            job.cancel().get();
            assertThat(mail.received().stream().map(message -> MailSummary.header(message, OutgoingMail.OFFER_HEADER)).toList())
                    .containsExactlyInAnyOrder(offers.get("ana-1"), offers.get("ana-2"));
            MimeMessage edited = mail.received().stream()
                    .filter(message -> offers.get("ana-2").equals(MailSummary.header(message, OutgoingMail.OFFER_HEADER))).findFirst().orElseThrow();
            assertThat(edited.getSubject()).isEqualTo("About SAML for your team");
            assertThat(((String) edited.getContent()).replace("\r\n", "\n")).startsWith("Hello again,\n\n").doesNotContain("$1 a month");

            assertStaticReportStandsAlone(config, kafka);
        }
    }

    /**
     * {@code ./upshift report}'s file: every owner's decisions (treatment 1 of 5 converted, holdout 1 of 2), nothing
     * fetched from anywhere, and the same headline in a browser that opens it from disk.
     */
    private void assertStaticReportStandsAlone(UpshiftConfig config, EmbeddedKafka kafka) throws Exception {
        Path[] written = ReportCommand.write(config, kafka.bootstrapServers(), workDir.resolve("report"), null, null, Duration.ofDays(30),
                Clock.systemUTC());
        String html = Files.readString(written[0]);
        assertThat(html).doesNotContain("<script", "src=", "<link", "@import", "url(", "https://").contains("<svg");
        assertThat(Files.readAllLines(written[1])).hasSize(2).element(1).asString().startsWith("explicit_ask,smb,8,7,2,0,0,5,0.200000,2,0.500000,");
        try (TestBrowser reader = new TestBrowser("file://" + written[0].toAbsolutePath(), workDir.resolve("chrome-reader"))) {
            reader.open("");
            assertThat(reader.text("headline")).isEqualTo(
                    "Lift -0.300 (95% CI -0.737 to +0.287, Newcombe's hybrid score): treatment converted 0.200, holdout 0.500.");
            reader.screenshot("09-static-report");
        }
    }

    /** The decision job, live: it decides the asks once the accounts topic has been quiet, then follows the approvals. */
    private static JobClient startDecisions(UpshiftConfig config, EmbeddedKafka kafka) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.of(config));
        DecisionsJob.define(env, config, new JobSettings(kafka.bootstrapServers(), "console-it", false));
        return env.executeAsync("Upshift console IT: decisions");
    }

    /**
     * The accounts, one ask per account at {@code askedAt} (two days ago: the review window and the send window are
     * counted in event time, and the reviewers decide now), twenty page views a day later so that the partition's
     * clock, a median, passes the asks, and billing's two self-serve upgrades a few hours after the asks.
     */
    private static void produceScenario(KafkaTopics client, UpshiftConfig.Topics topics, Instant askedAt) throws IOException {
        List<String> accounts = Files.readAllLines(SCENARIO.resolve("accounts.jsonl")).stream().filter(line -> !line.isBlank()).toList();
        List<String> events = new ArrayList<>();
        for (String account : accounts) {
            String accountId = TestJson.parse(account).get("accountId").asText();
            events.add(event("ask-" + accountId, accountId, "support_request", askedAt, ",\"userId\":\"u-1\",\"capability\":\"saml\""));
        }
        for (int i = 0; i < 20; i++) {
            events.add(event("view-" + i, "ben-1", "page_view", askedAt.plus(Duration.ofDays(1)).plusSeconds(i), ",\"userId\":\"u-2\""));
        }
        List<String> feedback = List.of(upgrade("conv-1", askedAt.plus(Duration.ofHours(2))), upgrade("hold-1", askedAt.plus(Duration.ofHours(3))));
        try (KafkaProducer<byte[], byte[]> producer = client.producer()) {
            CatalogScenario.produce(producer, topics.accounts(), accounts);
            CatalogScenario.produce(producer, topics.events(), events);
            CatalogScenario.produce(producer, topics.feedback(), feedback);
        }
    }

    private static String event(String eventId, String accountId, String type, Instant at, String fields) {
        return "{\"eventId\":\"" + eventId + "\",\"accountId\":\"" + accountId + "\",\"type\":\"" + type + "\",\"occurredAt\":\"" + at + "\""
                + fields + "}";
    }

    private static String upgrade(String accountId, Instant at) {
        return "{\"feedbackId\":\"billing-" + accountId + "\",\"accountId\":\"" + accountId + "\",\"outcome\":\"upgraded\",\"occurredAt\":\""
                + at + "\"}";
    }

    /** The offer id of each account's draft, from the job's own output. */
    private static Map<String, String> offerIds(KafkaTopics client, UpshiftConfig.Topics topics) {
        return client.readValues(topics.drafts()).stream().map(TestJson::parse)
                .collect(Collectors.toMap(draft -> draft.get("accountId").asText(), draft -> draft.get("offerId").asText(), (a, b) -> a));
    }

    /** One person's headless Chromium, signed in as one user. */
}
