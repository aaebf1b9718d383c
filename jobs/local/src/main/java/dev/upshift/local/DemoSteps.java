package dev.upshift.local;

import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.json.Json;
import dev.upshift.jobs.delivery.OutgoingMail;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;

/** The demo's steps that do not depend on where the jobs run: on a MiniCluster ({@code demo}) or a real cluster ({@code cluster}). */
public final class DemoSteps {
    private static final int REPLIES_PER_REACTION = 3;

    private DemoSteps() {}

    /**
     * Loads the demo's history as if it had streamed in as it happened: each event and outcome stamped with its own
     * time (an event from the future, which a broker refuses, with now), so that {@code ./upshift backtest
     * --bootstrap-servers --from --to} can replay a range of it. Accounts are stamped now.
     */
    public static void produce(KafkaTopics client, UpshiftConfig.Topics topics, DemoData.Data data) {
        long now = System.currentTimeMillis();
        try (KafkaProducer<byte[], byte[]> producer = client.producer()) {
            for (DemoData.Record account : data.accounts()) {
                producer.send(KafkaTopics.record(topics.accounts(), account.key(), account.value()));
            }
            for (DemoData.Record event : data.events()) {
                producer.send(KafkaTopics.record(topics.events(), event.key(), event.value(), Math.min(event.time(), now)));
            }
            for (DemoData.Record outcome : data.feedback()) {
                producer.send(KafkaTopics.record(topics.feedback(), outcome.key(), outcome.value(), Math.min(outcome.time(), now)));
            }
        }
    }

    /**
     * A few of each reaction, on distinct contacts, picked in address order so that every run answers alike, plus
     * one reply that tries to talk the agent into mailing someone else.
     */
    public static int customersAnswer(List<MimeMessage> offerMails, EmbeddedMail mail) throws MessagingException {
        Map<String, MimeMessage> byContact = new TreeMap<>();
        for (MimeMessage offerMail : offerMails) {
            // A contact with two offers answers the one with the smaller offer id: the same one in every run.
            byContact.merge(MailSummary.header(offerMail, "To"), offerMail,
                    (one, other) -> offerIdOf(one).compareTo(offerIdOf(other)) <= 0 ? one : other);
        }
        List<MimeMessage> picked = new ArrayList<>(byContact.values());
        List<SimulatedCustomers.Reaction> reactions = new ArrayList<>();
        for (SimulatedCustomers.Reaction reaction : SimulatedCustomers.Reaction.values()) {
            for (int i = 0; i < (reaction == SimulatedCustomers.Reaction.HOSTILE ? 1 : REPLIES_PER_REACTION); i++) {
                reactions.add(reaction);
            }
        }
        int answered = Math.min(reactions.size(), picked.size());
        for (int i = 0; i < answered; i++) {
            mail.deliverToAgent(SimulatedCustomers.answer(picked.get(i), reactions.get(i)));
        }
        return answered;
    }

    private static String offerIdOf(MimeMessage offerMail) {
        return MailSummary.header(offerMail, OutgoingMail.OFFER_HEADER);
    }

    public static void printSummary(KafkaTopics client, UpshiftConfig.Topics topics, DemoData.Data data, EmbeddedMail mail,
            List<MimeMessage> offerMails) {
        List<String> offerLines = client.readValues(topics.offers());
        System.out.println();
        System.out.println("==================== Upshift demo summary ====================");
        System.out.printf("Input         %,d events, %,d account records, %,d outcomes%n",
                data.events().size(), data.accounts().size(), data.feedback().size());
        System.out.println(Summary.of(client.readValues(topics.signals()), offerLines, client.readValues(topics.dlq())));
        List<String> auditLines = client.readValues(topics.audit());
        System.out.printf("Audit         %,d records%n", auditLines.size());
        System.out.println(MailSummary.of(auditLines, offerMails.size()));
        List<MimeMessage> agentMails = mail.received().stream().filter(EmbeddedMail::isFromAnAgent).filter(message -> !MailSummary.isOfferMail(message)).toList();
        System.out.println(ReplySummary.of(client.readValues(topics.outcomes()), agentMails));
        System.out.println(String.format("Suppressed    %,d contacts on %s (opted out for good; the reply job's unsubscribes join "
                + "them once the decision job reads their feedback)", client.readValues(topics.suppressions()).size(), topics.suppressions()));
        System.out.println("Output topics " + String.join(", ", topics.signals(), topics.offers(), topics.drafts(),
                topics.deliveries(), topics.outcomes(), topics.feedback(), topics.audit(), topics.dlq(), topics.suppressions()));
        Optional<String> sample = offerLines.stream().filter(line -> line.contains("\"requested\""))
                .max(Comparator.comparingInt(DemoSteps::candidatesRanked));
        sample.ifPresent(line -> System.out.println("Sample offer  (the requested offer with the most candidates ranked)"
                + System.lineSeparator() + line));
        sample.flatMap(line -> MailSummary.mailFor(offerMails, offerIdOf(line))).ifPresent(message ->
                System.out.println("Sample email  (that offer, as the mail server received it)" + System.lineSeparator()
                        + MailSummary.render(message)));
        ReplySummary.sampleHandOff(agentMails).ifPresent(message ->
                System.out.println("Sample hand-off  (a customer's question, as its owner received it)" + System.lineSeparator()
                        + MailSummary.render(message)));
        System.out.println("==============================================================");
    }

    private static String offerIdOf(String offerLine) {
        return Json.tree(offerLine).path("offerId").asText();
    }

    private static int candidatesRanked(String offerLine) {
        return Json.tree(offerLine).path("ranking").size();
    }
}
