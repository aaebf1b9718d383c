package dev.upshift.local;

import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.jobs.ConfigOption;
import dev.upshift.jobs.KafkaJob;
import dev.upshift.common.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./upshift demo}: the whole job on an embedded broker and a local MiniCluster, with a summary. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run Upshift end to end on an embedded Kafka broker and a local Flink MiniCluster with synthetic data.")
final class DemoCommand implements Callable<Integer> {
    private static final String GROUP_ID = "upshift-demo";

    @Option(names = "--accounts", defaultValue = "2000", description = "Synthetic accounts (default: ${DEFAULT-VALUE})")
    int accountCount;

    @Mixin
    ConfigOption configOption;

    @Override
    public Integer call() throws Exception {
        UpshiftConfig config = configOption.load();
        Progress progress = new Progress();
        Path workDir = LocalFiles.temporaryDirectory("upshift-demo-");
        progress.say("Starting an embedded Apache Kafka broker (KRaft) and an embedded mail server (GreenMail SMTP/IMAP)");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); EmbeddedMail mail = EmbeddedMail.start(workDir)) {
            config = config.withDelivery(mail.delivery(config.delivery(), DemoData.OWNERS));
            UpshiftConfig.Topics topics = config.topics();
            kafka.createTopics(topics, 4);
            KafkaTopics client = new KafkaTopics(kafka.bootstrapServers());

            DemoData.Data data = DemoData.generate(accountCount);
            progress.say(String.format("Producing %,d account records and %,d events (%d weeks from %s)",
                    data.accounts().size(), data.events().size(), DemoData.WEEKS, DemoData.START));
            produce(client, topics, data);

            progress.say("Running the Upshift job on a local Flink MiniCluster (RocksDB, checkpoints every "
                    + config.flink().get("execution.checkpointing.interval") + ")");
            StreamExecutionEnvironment env = LocalFlink.environment(config, workDir);
            KafkaJob.define(env, config, new KafkaJob.Settings(kafka.bootstrapServers(), GROUP_ID, true));
            progress.runJob(env, "Upshift demo", () -> String.format(
                    "events committed %,d / %,d   signals %,d   decisions %,d   mails sent %,d   dlq %,d",
                    client.committed(GROUP_ID, topics.events()), data.events().size(), client.count(topics.signals()),
                    client.count(topics.offers()), mail.received().size(), client.count(topics.dlq())));
            progress.say("Job finished");
            printSummary(client, topics, data, mail);
        } finally {
            LocalFiles.deleteRecursively(workDir);
        }
        return 0;
    }

    private static void produce(KafkaTopics client, UpshiftConfig.Topics topics, DemoData.Data data) {
        try (KafkaProducer<byte[], byte[]> producer = client.producer()) {
            for (DemoData.Record account : data.accounts()) {
                producer.send(KafkaTopics.record(topics.accounts(), account.key(), account.value()));
            }
            for (DemoData.Record event : data.events()) {
                producer.send(KafkaTopics.record(topics.events(), event.key(), event.value()));
            }
            for (DemoData.Record outcome : data.feedback()) {
                producer.send(KafkaTopics.record(topics.feedback(), outcome.key(), outcome.value()));
            }
        }
    }

    private static void printSummary(KafkaTopics client, UpshiftConfig.Topics topics, DemoData.Data data, EmbeddedMail mail) {
        List<String> offerLines = client.readValues(topics.offers());
        System.out.println();
        System.out.println("==================== Upshift demo summary ====================");
        System.out.printf("Input         %,d events, %,d account records, %,d outcomes%n",
                data.events().size(), data.accounts().size(), data.feedback().size());
        System.out.println(Summary.of(client.readValues(topics.signals()), offerLines, client.readValues(topics.dlq())));
        List<String> auditLines = client.readValues(topics.audit());
        System.out.printf("Audit         %,d records%n", auditLines.size());
        System.out.println(MailSummary.of(auditLines, mail.received().size()));
        System.out.println("Output topics " + String.join(", ", topics.signals(), topics.offers(), topics.drafts(),
                topics.deliveries(), topics.audit(), topics.dlq()));
        Optional<String> sample = offerLines.stream().filter(line -> line.contains("\"requested\""))
                .max(Comparator.comparingInt(DemoCommand::candidatesRanked));
        sample.ifPresent(line -> System.out.println("Sample offer  (the requested offer with the most candidates ranked)"
                + System.lineSeparator() + line));
        sample.flatMap(line -> MailSummary.mailFor(mail.received(), offerIdOf(line))).ifPresent(message ->
                System.out.println("Sample email  (that offer, as the mail server received it)" + System.lineSeparator()
                        + MailSummary.render(message)));
        System.out.println("==============================================================");
    }

    private static String offerIdOf(String offerLine) {
        try {
            return Json.MAPPER.readTree(offerLine).path("offerId").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int candidatesRanked(String offerLine) {
        try {
            return Json.MAPPER.readTree(offerLine).path("ranking").size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
