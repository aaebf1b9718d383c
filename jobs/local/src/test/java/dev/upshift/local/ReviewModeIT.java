package dev.upshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.json.Json;
import dev.upshift.jobs.delivery.OutgoingMail;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka job with delivery on and explicit asks in review mode, as a reviewer meets it: a first run mails the
 * automatic offers and publishes the asks' drafts; the reviewers answer on the approvals topic; a re-submitted
 * run sends what the owner or an admin approved (an edit as edited), nothing else, and nothing twice.
 */
class ReviewModeIT {
    private static final Map<String, String> ASKS = Map.of(
            "ask-sso", "60c31404-66b3-30c1-85ba-d233bfb3bd97",
            "decliner", "a2a7adfe-251d-3193-8565-bfe749f35a78",
            "silent", "8d2593a8-fe98-37ff-990a-16587be57c0e",
            "busy", "03fa2fd5-a111-3f8c-8a20-f476337b38a9",
            "late-asker-inc", "d5168996-6fc4-38ba-a924-0251702717f1");

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestClusters.miniCluster();

    @TempDir
    Path workDir;

    @Test
    void onlyApprovedDraftsAreSentAsApprovedOnce() throws Exception {
        UpshiftConfig base = CatalogScenario.config("review", """
                delivery: {review: {signals: {explicit_ask: review}, admins: [revops-lead]}}
                """);
        try (CatalogScenario.Live live = new CatalogScenario.Live(base, workDir)) {
            UpshiftConfig.Topics topics = live.topics;
            KafkaTopics client = live.client;
            EmbeddedMail mail = live.mail;

            live.runDecisions("review-it-1");
            assertThat(offersMailed(mail)).hasSize(20).doesNotContainAnyElementsOf(ASKS.values());
            List<JsonNode> drafts = client.readValues(topics.drafts()).stream().map(TestJson::parse).toList();
            assertThat(drafts).extracting(draft -> draft.get("offerId").asText()).containsExactlyInAnyOrderElementsOf(ASKS.values());
            ContractSchemaTest.assertValid("mail-draft", client.readValues(topics.drafts()));
            JsonNode busyDraft = drafts.stream().filter(draft -> draft.get("accountId").asText().equals("busy")).findFirst().orElseThrow();

            try (KafkaProducer<byte[], byte[]> producer = client.producer()) {
                CatalogScenario.produce(producer, topics.approvals(), List.of(
                        approval("ask-sso", "approve", "csm-ask", null),
                        approval("decliner", "reject", "csm-decliner", null),
                        approval("silent", "approve", "csm-busy", null),
                        approval("busy", "edit", "revops-lead", busyDraft.get("body").asText().replace("Hi Contact busy,", "Hello again,")),
                        approval("no-such-account", "approve", "csm-ask", null)));
            }
            live.runDecisions("review-it-2");

            assertThat(offersMailed(mail)).hasSize(22).doesNotHaveDuplicates().contains(ASKS.get("ask-sso"), ASKS.get("busy"))
                    .doesNotContain(ASKS.get("decliner"), ASKS.get("silent"), ASKS.get("late-asker-inc"));
            MimeMessage edited = mail.received().stream()
                    .filter(message -> ASKS.get("busy").equals(MailSummary.header(message, OutgoingMail.OFFER_HEADER))).findFirst().orElseThrow();
            assertThat(edited.getSubject()).isEqualTo("About your question, edited");
            assertThat(((String) edited.getContent()).replace("\r\n", "\n")).startsWith("Hello again,\n\n");

            List<JsonNode> audit = client.readValues(topics.audit()).stream().map(TestJson::parse)
                    .filter(record -> record.has("delivery")).toList();
            assertThat(audit.stream().map(record -> record.get("accountId").asText() + ":" + record.at("/delivery/stage").asText()
                    + ":" + record.at("/delivery/approverId").asText()).collect(Collectors.toSet())).contains(
                    "ask-sso:approved:csm-ask", "decliner:rejected:csm-decliner", "silent:approval_refused:csm-busy",
                    "busy:edited:revops-lead", "late-asker-inc:review_expired:", "ask-sso:sent:csm-ask", "busy:sent:revops-lead");
            ContractSchemaTest.assertValid("audit", client.readValues(topics.audit()));
            assertThat(client.readValues(topics.dlq()).stream().map(TestJson::parse).map(letter -> letter.get("reason").asText()))
                    .containsExactly("unknown_offer");
        }
    }


    private static String approval(String accountId, String decision, String approverId, String editedBody) {
        ObjectNode approval = Json.MAPPER.createObjectNode();
        approval.put("offerId", ASKS.getOrDefault(accountId, "no-such-offer"));
        approval.put("accountId", accountId);
        approval.put("decision", decision);
        approval.put("approverId", approverId);
        approval.put("decidedAt", "2026-02-03T09:00:00Z");
        if (editedBody != null) {
            approval.put("subject", "About your question, edited");
            approval.put("body", editedBody);
        }
        return Json.toText(approval);
    }

    private static List<String> offersMailed(EmbeddedMail mail) {
        return mail.received().stream().map(message -> MailSummary.header(message, OutgoingMail.OFFER_HEADER)).toList();
    }
}
