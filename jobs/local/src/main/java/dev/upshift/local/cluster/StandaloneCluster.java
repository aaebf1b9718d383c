package dev.upshift.local.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.upshift.common.config.ConfigLoader;
import dev.upshift.common.config.Delivery;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.vault.KeyRing;
import dev.upshift.jobs.runtime.Secrets;
import dev.upshift.local.EmbeddedKafka;
import dev.upshift.local.EmbeddedMail;
import dev.upshift.local.KafkaTopics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A real Flink 2.2 session cluster on this machine, built from Maven Central jars (flink-dist is not published
 * there): a JobManager and a TaskManager in JVMs of their own, a Kafka broker process, and the embedded mail server
 * (GreenMail SMTP/IMAP) in this JVM. Jobs arrive as the application jar, through Flink's REST API, exactly as on
 * any session cluster. The TaskManager, the broker and the SMTP service can each be taken down and brought back.
 *
 * <p>Why one class of this length: starting, faulting and stopping the cluster's parts share their handles and the
 * order they must start and stop in; the child JVMs, the broker process and the REST client are classes of their
 * own.
 */
public final class StandaloneCluster implements AutoCloseable {
    /** Where the repository is, when not found from the working directory (set by docker/standalone/cluster.sh). */
    public static final String REPO_ROOT_PROPERTY = "upshift.root";
    private static final String JOB_MANAGER_MAIN = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    private static final String TASK_MANAGER_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    private static final String RESOURCE_PARAMS_MAIN = "org.apache.flink.runtime.util.bash.BashJavaUtils";
    private static final String RESULT_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()).registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS).setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private final Path dir;
    private final Path appJar;
    private final String flinkClasspath;
    private final Map<String, String> secrets;
    private final EmbeddedMail mail;
    private final KafkaBrokerProcess broker;
    private final ChildJvm jobManager;
    private final FlinkRest rest;
    private final List<String> taskManagerJvmOptions;
    private final List<String> taskManagerArguments;
    private ChildJvm taskManager;
    private int taskManagersStarted;
    private String jarId;

    private StandaloneCluster(Path dir, Path appJar, String flinkClasspath, Map<String, String> secrets, EmbeddedMail mail,
            KafkaBrokerProcess broker, ChildJvm jobManager, FlinkRest rest, List<String> taskManagerJvmOptions,
            List<String> taskManagerArguments) {
        this.dir = dir;
        this.appJar = appJar;
        this.flinkClasspath = flinkClasspath;
        this.secrets = secrets;
        this.mail = mail;
        this.broker = broker;
        this.jobManager = jobManager;
        this.rest = rest;
        this.taskManagerJvmOptions = taskManagerJvmOptions;
        this.taskManagerArguments = taskManagerArguments;
    }

    /** Starts the mail server, the broker, the JobManager and one TaskManager, with everything they write under {@code dir}. */
    public static StandaloneCluster start(Path dir, Consumer<String> progress) {
        Path root = repositoryRoot();
        Path flinkLib = root.resolve("docker/standalone/target/flink-lib");
        Path appJar = applicationJar(root);
        if (!Files.isDirectory(flinkLib)) {
            throw new IllegalStateException(flinkLib + " is missing: build first (mvn -B -ntp -DskipTests package)");
        }
        String flinkClasspath = flinkLib.resolve("*").toString();
        Map<String, String> secrets = secrets();
        // Closed in reverse order if a later step fails: a failed start leaves no server or child JVM running.
        Deque<AutoCloseable> opened = new ArrayDeque<>();
        try {
            Files.createDirectories(dir.resolve("conf"));
            Path logConfig = writeLogConfig(dir.resolve("conf"));
            List<String> logOptions = List.of("-Dlog4j.configurationFile=" + logConfig.toUri(), "-Dlog4j2.formatMsgNoLookups=true");

            progress.accept("Starting the embedded mail server (GreenMail SMTP/IMAP) and a Kafka broker process (KRaft)");
            EmbeddedMail mail = EmbeddedMail.start(dir, secrets); // its mailboxes take the TaskManagers' IMAP password
            opened.push(mail);
            List<String> brokerOptions = concat(List.of("-Xmx1g"), logOptions);
            KafkaBrokerProcess broker = KafkaBrokerProcess.start(dir.resolve("kafka"), System.getProperty("java.class.path"), brokerOptions);
            opened.push(broker);

            int restPort = EmbeddedKafka.freePort();
            Path confDir = writeFlinkConfig(dir, restPort);
            List<String> jobManagerParams = resourceParams("GET_JM_RESOURCE_PARAMS", flinkClasspath, confDir, dir);
            progress.accept("Starting the Flink JobManager (web UI and REST on http://localhost:" + restPort + ")");
            ChildJvm jobManager = ChildJvm.start("Flink JobManager", flinkClasspath,
                    concat(splitOptions(jobManagerParams.get(0)), ChildJvm.FLINK_JAVA17_OPTIONS, logOptions), JOB_MANAGER_MAIN,
                    concat(List.of("--configDir", confDir.toString()), splitOptions(jobManagerParams.get(1))), secrets,
                    dir.resolve("logs/jobmanager.log"));
            opened.push(() -> jobManager.stop(Duration.ofSeconds(30)));
            FlinkRest rest = new FlinkRest("http://localhost:" + restPort);
            awaitCondition(rest::isUp, jobManager, "the JobManager's REST endpoint");

            List<String> taskManagerParams = resourceParams("GET_TM_RESOURCE_PARAMS", flinkClasspath, confDir, dir);
            StandaloneCluster cluster = new StandaloneCluster(dir, appJar, flinkClasspath, secrets, mail, broker, jobManager, rest,
                    concat(splitOptions(taskManagerParams.get(0)), ChildJvm.FLINK_JAVA17_OPTIONS, logOptions),
                    concat(List.of("--configDir", confDir.toString()), splitOptions(taskManagerParams.get(1))));
            opened.clear();
            opened.push(cluster);
            progress.accept("Starting a Flink TaskManager");
            cluster.startTaskManager();
            return cluster;
        } catch (IOException | RuntimeException e) {
            RuntimeException failure = e instanceof RuntimeException runtime ? runtime
                    : new UncheckedIOException("cannot prepare the cluster's directory " + dir, (IOException) e);
            closeAll(opened, failure);
            throw failure;
        }
    }

    private static void closeAll(Deque<AutoCloseable> opened, RuntimeException failure) {
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
    }

    public FlinkRest rest() {
        return rest;
    }

    public EmbeddedMail mail() {
        return mail;
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public KafkaTopics topics() {
        return new KafkaTopics(broker.bootstrapServers());
    }

    public Path directory() {
        return dir;
    }

    /**
     * A job's config file: the {@code overlays} (YAML over the shipped defaults, later ones winning) plus, unless
     * {@code owners} is empty, delivery through this cluster's mail server with an agent identity per owner.
     */
    public JobConfig jobConfig(String name, List<String> overlays, Collection<String> owners) {
        try {
            ObjectNode tree = YAML.createObjectNode();
            for (String overlay : overlays) {
                if (YAML.readTree(overlay) instanceof ObjectNode object) {
                    ConfigLoader.merge(tree, object);
                }
            }
            if (!owners.isEmpty()) {
                addDelivery(tree, mail.delivery(ConfigLoader.load(name, YAML.writeValueAsString(tree)).delivery(), owners));
            }
            Path file = dir.resolve(name + ".yaml");
            YAML.writeValue(file.toFile(), tree);
            return new JobConfig(file, ConfigLoader.load(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the job config " + name, e);
        }
    }

    /** Delivery on, through this cluster's mail server (SMTP, and IMAP for the replies), with the given identities. */
    private static void addDelivery(ObjectNode tree, Delivery delivery) {
        ObjectNode deliveryNode = tree.withObjectProperty("delivery").put("enabled", true);
        deliveryNode.set("smtp", YAML.valueToTree(delivery.smtp()));
        deliveryNode.withObjectProperty("replies").set("imap", YAML.valueToTree(delivery.replies().imap()));
        deliveryNode.set("identities", YAML.valueToTree(delivery.identities()));
    }

    /** A config file for a job on this cluster, and what it loads to. */
    public record JobConfig(Path file, UpshiftConfig config) {}

    /** Submits a job from the application jar through the REST API; {@code savepoint} may be null. Returns its id. */
    public String submit(String entryClass, List<String> arguments, int parallelism, String savepoint) {
        if (jarId == null) {
            jarId = rest.uploadJar(appJar);
        }
        return rest.runJar(jarId, entryClass, arguments, parallelism, savepoint);
    }

    /** Waits until the job and all its tasks run. */
    public void awaitRunning(String jobId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!rest.isFullyRunning(jobId)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("job " + jobId + " is not running after " + timeout + " (state "
                        + rest.jobState(jobId) + "); the JobManager's log is " + jobManager.log());
            }
            FlinkRest.pause(Duration.ofMillis(200));
        }
    }

    /** Starts a TaskManager JVM and waits until it has registered with the JobManager. */
    public void startTaskManager() {
        Set<String> before = taskManagerIds();
        taskManagersStarted++;
        taskManager = ChildJvm.start("Flink TaskManager " + taskManagersStarted, flinkClasspath, taskManagerJvmOptions,
                TASK_MANAGER_MAIN, taskManagerArguments, secrets, dir.resolve("logs/taskmanager-" + taskManagersStarted + ".log"));
        awaitCondition(() -> !before.containsAll(taskManagerIds()), taskManager, "the TaskManager's registration");
    }

    /** kill -9 of the TaskManager: its tasks die mid-record, without a word to the JobManager. */
    public void killTaskManager() {
        taskManager.kill();
    }

    /** Stops the Kafka broker and starts it again on the same data and ports. */
    public void restartBroker() {
        broker.restart();
    }

    private Set<String> taskManagerIds() {
        return StreamSupport.stream(rest.taskManagers().spliterator(), false).map(node -> node.path("id").asText())
                .collect(Collectors.toCollection(HashSet::new));
    }

    @Override
    public void close() {
        if (taskManager != null) {
            taskManager.stop(Duration.ofSeconds(30));
        }
        jobManager.stop(Duration.ofSeconds(30));
        broker.close();
        mail.close();
    }

    private static Path repositoryRoot() {
        String configured = System.getProperty(REPO_ROOT_PROPERTY);
        if (configured != null) {
            return Path.of(configured).toAbsolutePath();
        }
        for (Path candidate = Path.of("").toAbsolutePath(); candidate != null; candidate = candidate.getParent()) {
            if (Files.exists(candidate.resolve("docker/standalone/pom.xml"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("cannot find the Upshift repository from " + Path.of("").toAbsolutePath()
                + "; set -D" + REPO_ROOT_PROPERTY + "=<dir>");
    }

    private static Path applicationJar(Path root) {
        try (Stream<Path> files = Files.list(root.resolve("jobs/pipeline/target"))) {
            return files.filter(file -> file.getFileName().toString().endsWith("-flink-app.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no application jar in jobs/pipeline/target: build first "
                            + "(mvn -B -ntp -DskipTests package)"));
        } catch (IOException e) {
            throw new IllegalStateException("no jobs/pipeline/target: build first (mvn -B -ntp -DskipTests package)", e);
        }
    }

    /** The secrets the jobs read from their environment: taken from this one when set, else made up for this cluster. */
    private static Map<String, String> secrets() {
        UpshiftConfig defaults = ConfigLoader.defaults();
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put(KeyRing.ENVIRONMENT_VARIABLE, "cluster:" + randomBase64(32));
        secrets.put(defaults.delivery().unsubscribe().secretEnv(), randomBase64(32));
        secrets.put(defaults.delivery().replies().imap().passwordEnv(), "cluster-" + randomBase64(9));
        secrets.replaceAll((variable, madeUp) -> Objects.requireNonNullElse(Secrets.optional(variable), madeUp));
        return secrets;
    }

    private static String randomBase64(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return Base64.getEncoder().encodeToString(random);
    }

    private static Path writeFlinkConfig(Path dir, int restPort) throws IOException {
        Path confDir = dir.resolve("conf");
        int rpcPort = EmbeddedKafka.freePort();
        int prometheusPort = EmbeddedKafka.freePort();
        String config = String.join("\n",
                "# Written by Upshift's standalone cluster (docker/standalone/cluster.sh): one JobManager, one TaskManager.",
                "jobmanager.rpc.address: localhost",
                "jobmanager.rpc.port: " + rpcPort,
                "jobmanager.bind-host: localhost",
                "jobmanager.memory.process.size: 1024m",
                "taskmanager.host: localhost",
                "taskmanager.bind-host: localhost",
                "taskmanager.numberOfTaskSlots: 4",
                "taskmanager.memory.process.size: 2560m",
                "rest.address: localhost",
                "rest.bind-address: localhost",
                "rest.port: " + restPort,
                "parallelism.default: 2",
                "execution.checkpointing.dir: " + dir.resolve("checkpoints").toUri(),
                "execution.checkpointing.savepoint-dir: " + dir.resolve("savepoints").toUri(),
                "# A TaskManager that dies is noticed within seconds (two missed heartbeat RPCs), not after the 50 s default.",
                "heartbeat.interval: 2000",
                "heartbeat.timeout: 20000",
                "# The jobs' main() runs in the JobManager (REST submission): a System.exit there must not end the JobManager.",
                "cluster.intercept-user-system-exit: THROW",
                "# Metrics over REST as fresh as a second (default 10 s): the fault tests read them.",
                "metrics.fetcher.update-interval: 1000",
                "web.upload.dir: " + dir.resolve("uploads"),
                "io.tmp.dirs: " + dir.resolve("tmp"),
                "metrics.reporter.prom.factory.class: org.apache.flink.metrics.prometheus.PrometheusReporterFactory",
                "metrics.reporter.prom.port: " + prometheusPort + "-" + (prometheusPort + 10),
                "");
        Files.writeString(confDir.resolve("config.yaml"), config);
        return confDir;
    }

    private static Path writeLogConfig(Path confDir) throws IOException {
        Path file = confDir.resolve("log4j2.properties");
        Files.writeString(file, String.join("\n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.console.ref = console",
                "appender.console.type = Console",
                "appender.console.name = console",
                "appender.console.layout.type = PatternLayout",
                "appender.console.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c{1.} - %m%n",
                "logger.kafkaclients.name = org.apache.kafka.clients",
                "logger.kafkaclients.level = WARN",
                ""));
        return file;
    }

    /** What Flink's start scripts compute for a JobManager or TaskManager: its JVM options, then its dynamic -D options. */
    private static List<String> resourceParams(String command, String flinkClasspath, Path confDir, Path dir) {
        String output = ChildJvm.run("Flink " + command, flinkClasspath, List.of(), RESOURCE_PARAMS_MAIN,
                List.of(command, "--configDir", confDir.toString()), dir.resolve("logs/" + command + ".log"), Duration.ofSeconds(60));
        List<String> results = output.lines().filter(line -> line.startsWith(RESULT_PREFIX))
                .map(line -> line.substring(RESULT_PREFIX.length()).trim()).toList();
        if (results.size() < 2) {
            throw new IllegalStateException(RESOURCE_PARAMS_MAIN + " " + command + " printed no results:\n" + output);
        }
        return results.subList(results.size() - 2, results.size());
    }

    private static List<String> splitOptions(String line) {
        return Arrays.stream(line.trim().split("\\s+")).filter(part -> !part.isEmpty()).toList();
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> part : parts) {
            all.addAll(part);
        }
        return all;
    }

    private static void awaitCondition(BooleanSupplier condition, ChildJvm process, String what) {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new IllegalStateException(process + " exited while waiting for " + what);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no " + what + " after " + STARTUP_TIMEOUT + "; see " + process.log());
            }
            FlinkRest.pause(Duration.ofMillis(250));
        }
    }
}
