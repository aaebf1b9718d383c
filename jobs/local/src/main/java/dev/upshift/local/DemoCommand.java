package dev.upshift.local;

import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.console.Console;
import dev.upshift.jobs.decisions.DecisionsJob;
import dev.upshift.jobs.replies.RepliesJob;
import dev.upshift.jobs.runtime.ConfigOption;
import dev.upshift.jobs.runtime.JobSettings;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
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

    @Option(names = "--export", paramLabel = "DIR",
            description = "Write the synthetic accounts, events and outcomes as JSON-lines files into DIR, for ./upshift backtest, "
                    + "instead of running")
    Path exportDir;

    @Option(names = "--console", description = "Keep the console running after the summary, until Ctrl-C")
    boolean keepConsole;

    @Option(names = "--console-port", defaultValue = "8088",
            description = "Port for the console (default: ${DEFAULT-VALUE}; any free port if it is taken)")
    int consolePort;

    @Mixin
    ConfigOption configOption;

    @Override
    public Integer call() throws Exception {
        UpshiftConfig config = configOption.load();
        Progress progress = new Progress();
        if (exportDir != null) {
            DemoData.Data data = DemoData.generate(accountCount);
            DemoData.export(data, exportDir);
            progress.say(String.format("Wrote %,d account records, %,d events and %,d outcomes to %s (accounts.jsonl, events.jsonl, "
                    + "feedback.jsonl)", data.accounts().size(), data.events().size(), data.feedback().size(), exportDir));
            return 0;
        }
        Path workDir = LocalFiles.temporaryDirectory("upshift-demo-");
        progress.say("Starting an embedded Apache Kafka broker (KRaft) and an embedded mail server (GreenMail SMTP/IMAP)");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); EmbeddedMail mail = EmbeddedMail.start(workDir)) {
            config = config.withDelivery(mail.delivery(config.delivery(), DemoData.OWNERS));
            UpshiftConfig.Topics topics = config.topics();
            kafka.createTopics(topics, 4);
            KafkaTopics client = new KafkaTopics(kafka.bootstrapServers());
            try (Console console = DemoConsole.start(config, kafka.bootstrapServers(), workDir, consolePort)) {
                progress.say(DemoConsole.invitation(console, kafka.bootstrapServers()));
                run(config, kafka, mail, client, workDir, progress);
                progress.say(DemoConsole.invitation(console, kafka.bootstrapServers()));
                if (keepConsole) {
                    progress.say("The console keeps running (and the embedded broker with it) until Ctrl-C");
                    new CountDownLatch(1).await();
                }
            }
        } finally {
            LocalFiles.deleteRecursively(workDir);
        }
        return 0;
    }

    /** The demo itself: the data onto the topics, the decision job, the simulated customers, the reply job, the summary. */
    private void run(UpshiftConfig config, EmbeddedKafka kafka, EmbeddedMail mail, KafkaTopics client, Path workDir, Progress progress)
            throws Exception {
        UpshiftConfig.Topics topics = config.topics();
        DemoData.Data data = DemoData.generate(accountCount);
        progress.say(String.format("Producing %,d account records and %,d events (%d weeks from %s)",
                data.accounts().size(), data.events().size(), DemoData.WEEKS, DemoData.START));
        DemoSteps.produce(client, topics, data);

        progress.say("Running the Upshift job on a local Flink MiniCluster (RocksDB, checkpoints every "
                + config.flink().get("execution.checkpointing.interval") + ")");
        StreamExecutionEnvironment env = LocalFlink.environment(config, workDir);
        DecisionsJob.define(env, config, new JobSettings(kafka.bootstrapServers(), GROUP_ID, true));
        progress.runJob(env, "Upshift demo", () -> String.format(
                "events committed %,d / %,d   signals %,d   decisions %,d   mails sent %,d   dlq %,d",
                client.committed(GROUP_ID, topics.events()), data.events().size(), client.count(topics.signals()),
                client.count(topics.offers()), mail.received().size(), client.count(topics.dlq())));
        progress.say("Job finished");
        List<MimeMessage> offerMails = mail.received().stream().filter(MailSummary::isOfferMail).toList();

        int answered = DemoSteps.customersAnswer(offerMails, mail);
        progress.say(String.format("Simulated customers answered %d offer mails; running the reply job (IMAP, read-only) "
                + "on the %d agent mailboxes", answered, config.delivery().identities().size()));
        StreamExecutionEnvironment replies = LocalFlink.environment(config, workDir);
        RepliesJob.define(replies, config, new JobSettings(kafka.bootstrapServers(), GROUP_ID, true));
        progress.runJob(replies, "Upshift demo replies", () -> String.format("replies handled %,d / %d   feedback %,d",
                client.count(topics.outcomes()), answered, client.count(topics.feedback()) - data.feedback().size()));
        progress.say("Reply job finished");
        DemoSteps.printSummary(client, topics, data, mail, offerMails);
    }
}
