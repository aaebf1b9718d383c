package dev.upshift.local.cluster;

import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.jobs.decisions.DecisionsJob;
import dev.upshift.jobs.replies.RepliesJob;
import dev.upshift.local.DemoData;
import dev.upshift.local.DemoSteps;
import dev.upshift.local.KafkaTopics;
import dev.upshift.local.LocalFiles;
import dev.upshift.local.MailSummary;
import dev.upshift.local.Progress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code docker/standalone/cluster.sh}: the demo on a real Flink session cluster (separate JobManager and TaskManager
 * JVMs) with a Kafka broker process: both jobs submitted as the application jar over REST, streaming, not bounded.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "Run Upshift on a real Flink 2.2 session cluster on this machine (JobManager and TaskManager JVMs, a Kafka "
                + "broker process, GreenMail): submit both jobs, stream the demo's data through them, answer some mails, and "
                + "print the summary.")
public final class ClusterCommand implements Callable<Integer> {
    private static final String GROUP_ID = "upshift-cluster";
    private static final Duration REPORT_EVERY = Duration.ofSeconds(5);
    private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(10);
    /**
     * The demo's data arrives all at once, so it need not wait a live deployment's minute for quiet partitions to
     * count as idle, nor 10 s for each checkpoint (mail leaves after one). Idleness stays well above the longest
     * stall of a partition under back pressure: a replay at speed whose partitions fall idle lets event time jump
     * ahead of them, and weeks close before their events are in. A --config file overrides these.
     */
    private static final String DEMO_PACE = """
            time: {sourceIdleness: PT20S}
            flink: {execution.checkpointing.interval: 2s}
            """;

    @Option(names = "--accounts", defaultValue = "2000", description = "Synthetic accounts (default: ${DEFAULT-VALUE})")
    int accountCount;

    @Option(names = "--config", description = "YAML overlaid on the shipped defaults for both jobs; the cluster adds its mail server")
    Path configFile;

    @Option(names = "--dir", description = "Where the cluster keeps its config, logs, data and checkpoints (default: a new "
            + "temporary directory, deleted at the end)")
    Path dir;

    @Option(names = "--keep", description = "After the summary, resume the decision job from its savepoint and leave the cluster "
            + "and both jobs running until Ctrl-C")
    boolean keep;

    private final Progress progress = new Progress();

    @Override
    public Integer call() throws Exception {
        Path workDir = dir != null ? Files.createDirectories(dir.toAbsolutePath()) : LocalFiles.temporaryDirectory("upshift-cluster-");
        try (StandaloneCluster cluster = StandaloneCluster.start(workDir, progress::say)) {
            progress.say("Cluster up; its config, logs and checkpoints are in " + workDir);
            StandaloneCluster.JobConfig job = cluster.jobConfig("upshift", List.of(DEMO_PACE, userOverlay()), DemoData.OWNERS);
            UpshiftConfig.Topics topics = job.config().topics();
            KafkaTopics client = cluster.topics();
            client.createTopics(topics, 4);

            DemoData.Data data = DemoData.generate(accountCount);
            progress.say(String.format("Producing %,d account records and %,d events", data.accounts().size(), data.events().size()));
            DemoSteps.produce(client, topics, data);

            List<String> arguments = List.of("--bootstrap-servers", cluster.bootstrapServers(), "--config", job.file().toString(),
                    "--group-id", GROUP_ID);
            String decisions = cluster.submit(DecisionsJob.class.getName(), arguments, 2, null);
            progress.say("Submitted the decision job " + decisions + " (the jar's main class) at parallelism 2");
            cluster.awaitRunning(decisions, Duration.ofMinutes(2));
            Duration quiet = job.config().time().sourceIdleness();
            awaitSettled(cluster, decisions, quiet, () -> client.committed(GROUP_ID, topics.events()) >= data.events().size(),
                    () -> client.readValues(topics.offers()).size() + cluster.mail().received().size(),
                    () -> String.format("events committed %,d / %,d   mails sent %,d   checkpoints %d",
                            client.committed(GROUP_ID, topics.events()), data.events().size(), cluster.mail().received().size(),
                            cluster.rest().completedCheckpoints(decisions)));

            // The data is months old, the replies come from today: a decision job still running would read their
            // feedback, its clock would jump to today, and it would report every account's usage as dropped since.
            String savepoint = stopWithSavepoint(cluster, workDir, decisions);

            List<MimeMessage> offerMails = cluster.mail().received().stream().filter(MailSummary::isOfferMail).toList();
            int answered = DemoSteps.customersAnswer(offerMails, cluster.mail());
            String replies = cluster.submit(RepliesJob.class.getName(), arguments, 1, null);
            progress.say(String.format("Simulated customers answered %d offer mails; submitted the reply job %s", answered, replies));
            awaitSettled(cluster, replies, quiet, () -> client.readValues(topics.outcomes()).size() >= answered,
                    () -> client.readValues(topics.outcomes()).size() + cluster.mail().received().size(),
                    () -> String.format("replies handled %,d / %d", client.readValues(topics.outcomes()).size(), answered));

            DemoSteps.printSummary(client, topics, data, cluster.mail(), offerMails);
            if (keep) {
                String resumed = cluster.submit(DecisionsJob.class.getName(), arguments, 2, savepoint);
                progress.say("Resumed the decision job from its savepoint as " + resumed + ": it now reads the replies' feedback, "
                        + "and its event time moves to today");
                waitForCtrlC(cluster);
            } else {
                stopWithSavepoint(cluster, workDir, replies);
                progress.say("Tearing the cluster down");
            }
        } finally {
            if (dir == null) {
                LocalFiles.deleteRecursively(workDir);
            }
        }
        return 0;
    }

    private String userOverlay() throws IOException {
        return configFile == null ? "{}" : Files.readString(configFile);
    }

    /**
     * Waits until {@code done} holds and then {@code outputs} (e.g. offers plus mails) stays the same across two
     * completed checkpoints (outputs become visible, and mail leaves, only with a checkpoint) and for longer than
     * {@code quiet}, the time an input may hold event time back before it counts as idle. Prints {@code status}
     * every few seconds.
     */
    private void awaitSettled(StandaloneCluster cluster, String jobId, Duration quiet, BooleanSupplier done, LongSupplier outputs,
            Supplier<String> status) {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        long lastReport = System.nanoTime();
        long lastCheckpoint = -1;
        long lastOutputs = -1;
        long lastChange = System.nanoTime();
        int unchanged = 0;
        while (unchanged < 2 || System.nanoTime() - lastChange < quiet.toNanos()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the job " + jobId + " did not settle within " + SETTLE_TIMEOUT + ": " + status.get());
            }
            if (System.nanoTime() - lastReport > REPORT_EVERY.toNanos()) {
                progress.say(status.get());
                lastReport = System.nanoTime();
            }
            long checkpoint = cluster.rest().completedCheckpoints(jobId);
            if (checkpoint > lastCheckpoint && done.getAsBoolean()) {
                long current = outputs.getAsLong();
                unchanged = current == lastOutputs ? unchanged + 1 : 0;
                if (current != lastOutputs) {
                    lastChange = System.nanoTime();
                }
                lastOutputs = current;
                lastCheckpoint = checkpoint;
            }
            FlinkRest.pause(Duration.ofMillis(500));
        }
        progress.say(status.get());
    }

    private String stopWithSavepoint(StandaloneCluster cluster, Path workDir, String jobId) {
        String savepoint = cluster.rest().stopWithSavepoint(jobId, workDir.resolve("savepoints").toUri().toString(), false,
                Duration.ofMinutes(2));
        progress.say("Stopped job " + jobId + " with a savepoint: " + savepoint);
        return savepoint;
    }

    private void waitForCtrlC(StandaloneCluster cluster) throws InterruptedException {
        progress.say("Both jobs keep running. Flink's web UI: " + cluster.rest().baseUrl() + "   Kafka: " + cluster.bootstrapServers()
                + "   Press Ctrl-C to stop the cluster.");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            cluster.close();
            stopped.countDown();
        }, "stop the cluster"));
        stopped.await();
    }
}
