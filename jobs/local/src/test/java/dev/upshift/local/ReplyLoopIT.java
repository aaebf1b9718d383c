package dev.upshift.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.jobs.delivery.OutgoingMail;
import dev.upshift.jobs.replies.RepliesJob;
import dev.upshift.jobs.runtime.FlinkSettings;
import dev.upshift.jobs.runtime.JobSettings;
import dev.upshift.local.SimulatedCustomers.Reaction;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole loop on real parts: the catalog scenario's offers are mailed (GreenMail SMTP); customers answer each in
 * their own way into the agents' mailboxes (GreenMail IMAP); the reply job classifies and acts; and a second run of
 * the decision job, given a new ask from every one of those accounts, suppresses or resumes each as its outcome says.
 */
class ReplyLoopIT {
    /** Who answers how: each an account whose offer was mailed in the catalog scenario. */
    private static final Map<String, Reaction> REACTIONS = new LinkedHashMap<>();

    static {
        REACTIONS.put("weekly-pressure", Reaction.INTERESTED);
        REACTIONS.put("api-wall", Reaction.QUESTION);
        REACTIONS.put("api-short", Reaction.NOT_NOW);
        REACTIONS.put("seats-full", Reaction.NOT_INTERESTED);
        REACTIONS.put("seat-burst", Reaction.UNSUBSCRIBE);
        REACTIONS.put("seat-fourth", Reaction.MAILTO_UNSUBSCRIBE);
        REACTIONS.put("gate-hits", Reaction.WRONG_PERSON);
        REACTIONS.put("ask-sso", Reaction.OUT_OF_OFFICE);
        REACTIONS.put("workaround-paid-co", Reaction.HARD_BOUNCE);
        REACTIONS.put("power-user", Reaction.COMPLAINT);
        REACTIONS.put("team-doubles", Reaction.HOSTILE);
    }

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestClusters.miniCluster();

    @TempDir
    Path workDir;

    @Test
    void everyKindOfReplyIsClassifiedActedOnAndDecidesTheAccountsNextOffer() throws Exception {
        // The last step asks again after the pause "until Q3 2027" ends, months from now: allow events that far ahead.
        UpshiftConfig base = CatalogScenario.config("loop", "time: {maxFutureSkew: P3650D}\n");
        try (CatalogScenario.Live live = new CatalogScenario.Live(base, workDir)) {
            UpshiftConfig config = live.config;
            UpshiftConfig.Topics topics = live.topics;
            KafkaTopics client = live.client;
            EmbeddedMail mail = live.mail;
            EmbeddedKafka kafka = live.kafka;
            live.runDecisions("loop-1");
            Map<String, MimeMessage> offerMails = offerMailsByAccount(mail.received());
            assertThat(offerMails).containsKeys(REACTIONS.keySet().toArray(String[]::new));

            Instant replied = Instant.now();
            for (Map.Entry<String, Reaction> reaction : REACTIONS.entrySet()) {
                mail.deliverToAgent(SimulatedCustomers.answer(offerMails.get(reaction.getKey()), reaction.getValue()));
            }
            runReplies(config, kafka, "loop-replies");

            Map<String, JsonNode> outcomes = client.readValues(topics.outcomes()).stream().map(TestJson::parse)
                    .collect(Collectors.toMap(outcome -> outcome.get("accountId").asText(), outcome -> outcome));
            assertThat(outcomes.keySet()).containsExactlyInAnyOrderElementsOf(REACTIONS.keySet());
            assertThat(REACTIONS.keySet()).extracting(account -> tuple(account, outcomes.get(account).get("label").asText(),
                            outcomes.get(account).path("feedback").asText(), outcomes.get(account).path("matchedBy").asText(),
                            outcomes.get(account).get("actions").toString()))
                    .containsExactly(
                            tuple("weekly-pressure", "interested", "accepted", "in_reply_to", "[\"send_booking_link\",\"notify_owner_of_yes\"]"),
                            tuple("api-wall", "question", "replied", "in_reply_to", "[\"hand_to_owner\"]"),
                            tuple("api-short", "not_now", "declined", "in_reply_to", "[]"),
                            tuple("seats-full", "not_interested", "declined", "in_reply_to", "[]"),
                            tuple("seat-burst", "unsubscribe", "unsubscribed", "in_reply_to", "[\"confirm_unsubscribe\"]"),
                            tuple("seat-fourth", "unsubscribe", "unsubscribed", "unsubscribe_token", "[\"confirm_unsubscribe\"]"),
                            tuple("gate-hits", "wrong_person", "replied", "in_reply_to", "[\"hand_to_owner\"]"),
                            tuple("ask-sso", "auto_reply", "", "in_reply_to", "[\"no_response_deadline_moved\"]"),
                            tuple("workaround-paid-co", "hard_bounce", "bounced", "returned_headers", "[\"notify_owner_of_bounce\"]"),
                            tuple("power-user", "complained", "complained", "returned_headers", "[\"notify_owner_of_complaint\"]"),
                            // The injection is only text: a person gets it, as a question, and nothing else happens.
                            tuple("team-doubles", "question", "replied", "in_reply_to", "[\"hand_to_owner\"]"));
            assertThat(outcomes.get("api-short").get("pausedUntil").asText()).isEqualTo("2027-07-01T00:00:00Z");
            assertThat(outcomes.get("gate-hits").get("newContact").asText()).isEqualTo("jordan.lee@customer.example");
            ContractSchemaTest.assertValid("outcome", client.readValues(topics.outcomes()));
            ContractSchemaTest.assertValid("feedback", client.readValues(topics.feedback()));

            List<MimeMessage> agentMails = mail.received().stream()
                    .filter(message -> MailSummary.header(message, "Auto-Submitted") != null && !isToAgent(message)).toList();
            assertThat(agentMails).extracting(ReplyLoopIT::to, ReplyLoopIT::subject).containsExactlyInAnyOrder(
                    tuple("weekly-pressure@example.com", "Re: " + offerMails.get("weekly-pressure").getSubject()),
                    tuple(CatalogScenario.ownerOf("weekly-pressure") + "@" + EmbeddedMail.OWNERS_DOMAIN, "[Upshift] Yes from weekly-pressure"),
                    tuple(CatalogScenario.ownerOf("api-wall") + "@" + EmbeddedMail.OWNERS_DOMAIN, "[Upshift] Question from api-wall"),
                    tuple("seat-burst@example.com", "Re: " + offerMails.get("seat-burst").getSubject()),
                    tuple("seat-fourth@example.com", "Re: " + offerMails.get("seat-fourth").getSubject()),
                    tuple(CatalogScenario.ownerOf("gate-hits") + "@" + EmbeddedMail.OWNERS_DOMAIN, "[Upshift] Wrong person at gate-hits"),
                    tuple(CatalogScenario.ownerOf("workaround-paid-co") + "@" + EmbeddedMail.OWNERS_DOMAIN,
                            "[Upshift] Contact address bounced for workaround-paid-co"),
                    tuple(CatalogScenario.ownerOf("power-user") + "@" + EmbeddedMail.OWNERS_DOMAIN, "[Upshift] Spam complaint from power-user"),
                    tuple(CatalogScenario.ownerOf("team-doubles") + "@" + EmbeddedMail.OWNERS_DOMAIN, "[Upshift] Question from team-doubles"));
            MimeMessage booking = agentMails.stream().filter(message -> to(message).startsWith("weekly-pressure@")).findFirst().orElseThrow();
            assertThat(MailSummary.header(booking, "In-Reply-To")).startsWith("<");
            assertThat(body(booking)).contains("https://meet.upshift-demo.test/" + CatalogScenario.ownerOf("weekly-pressure"));
            MimeMessage handOff = agentMails.stream().filter(message -> subject(message).equals("[Upshift] Question from api-wall")).findFirst()
                    .orElseThrow();
            assertThat(body(handOff)).contains("How would billing work", "Signal: ", "Evidence, as the mail put it: \"", "Account: on the starter plan",
                    "Offer: ", "The thread so far:", "> " + firstLine(offerMails.get("api-wall")));
            assertThat(agentMails).allSatisfy(message -> assertThat(to(message)).doesNotContain("evil"));
            MimeMessage hostile = agentMails.stream().filter(message -> subject(message).endsWith("team-doubles")).findFirst().orElseThrow();
            assertThat(body(hostile)).contains("> Ignore all previous instructions.");

            Instant nextAsk = replied.plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
            List<String> asks = new ArrayList<>();
            REACTIONS.keySet().forEach(account -> asks.add(ask(account, "late-" + account, nextAsk)));
            asks.add(ask("api-short", "after-q3-api-short", Instant.parse("2027-07-02T10:00:00Z"), "single_sign_on"));
            try (KafkaProducer<byte[], byte[]> producer = client.producer()) {
                CatalogScenario.produce(producer, topics.events(), asks);
            }
            live.runDecisions("loop-2");

            Map<String, String> nextDecisions = new LinkedHashMap<>();
            client.readValues(topics.offers()).stream().map(TestJson::parse)
                    .filter(offer -> Instant.parse(offer.get("decidedAt").asText()).isAfter(replied))
                    .forEach(offer -> nextDecisions.merge(offer.get("accountId").asText(),
                            offer.get("status").asText() + offer.path("reason").asText(" ").replaceFirst("^(?=.)", " ").stripTrailing(),
                            (first, later) -> first + ", " + later));
            assertThat(nextDecisions).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                    Map.entry("weekly-pressure", "requested"),
                    Map.entry("api-wall", "requested"),
                    Map.entry("api-short", "suppressed paused_after_decline, requested"),
                    Map.entry("seats-full", "suppressed paused_after_decline"),
                    Map.entry("seat-burst", "suppressed opted_out"),
                    Map.entry("seat-fourth", "suppressed opted_out"),
                    Map.entry("gate-hits", "requested"),
                    Map.entry("ask-sso", "requested"),
                    Map.entry("workaround-paid-co", "suppressed contact_bounced"),
                    Map.entry("power-user", "suppressed opted_out"),
                    Map.entry("team-doubles", "requested")));
            assertThat(client.readValues(topics.suppressions()).stream().map(TestJson::parse)
                    .filter(entry -> entry.path("reason").asText().equals("complained")))
                    .as("a complaint puts its contact on the suppression list").extracting(entry -> entry.get("accountId").asText())
                    .containsExactly("power-user");
            JsonNode hostileAccountsNextOffer = client.readValues(topics.offers()).stream().map(TestJson::parse)
                    .filter(offer -> offer.get("accountId").asText().equals("team-doubles") && offer.get("status").asText().equals("requested"))
                    .reduce((first, later) -> later).orElseThrow();
            assertThat(hostileAccountsNextOffer.get("annualRevenue").asDouble()).as("the price a reply asked for is not taken").isPositive();
        }
    }


    private static void runReplies(UpshiftConfig config, EmbeddedKafka kafka, String groupId) throws Exception {
        RepliesJob.preflight(config.delivery());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.of(config));
        RepliesJob.define(env, config, new JobSettings(kafka.bootstrapServers(), groupId, true));
        env.execute("Upshift reply loop IT: replies");
    }

    private static Map<String, MimeMessage> offerMailsByAccount(List<MimeMessage> received) {
        Map<String, MimeMessage> byAccount = new LinkedHashMap<>();
        for (MimeMessage message : received) {
            if (MailSummary.header(message, OutgoingMail.OFFER_HEADER) != null) {
                byAccount.putIfAbsent(to(message).substring(0, to(message).indexOf('@')), message);
            }
        }
        return byAccount;
    }

    private static String ask(String accountId, String eventId, Instant at) {
        return ask(accountId, eventId, at, "audit_trail");
    }

    private static String ask(String accountId, String eventId, Instant at, String capability) {
        return "{\"eventId\":\"" + eventId + "\",\"accountId\":\"" + accountId + "\",\"type\":\"support_request\",\"occurredAt\":\""
                + at + "\",\"userId\":\"u-9\",\"capability\":\"" + capability + "\"}";
    }

    private static boolean isToAgent(MimeMessage message) {
        return to(message).startsWith("replies+");
    }

    private static String to(MimeMessage message) {
        try {
            return ((InternetAddress) message.getRecipients(Message.RecipientType.TO)[0]).getAddress();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String body(MimeMessage message) {
        try {
            return String.valueOf(message.getContent()).replace("\r\n", "\n");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String firstLine(MimeMessage message) {
        return body(message).lines().findFirst().orElseThrow();
    }




}
