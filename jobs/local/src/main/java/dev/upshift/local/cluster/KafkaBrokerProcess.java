package dev.upshift.local.cluster;

import dev.upshift.local.EmbeddedKafka;
import dev.upshift.local.KafkaTopics;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.Uuid;

/**
 * A KRaft Kafka broker in a process of its own, run by Kafka's own entry points ({@code kafka.tools.StorageTool
 * format}, then {@code kafka.Kafka}) from the Maven Central jars. Its data outlives a restart.
 */
final class KafkaBrokerProcess implements AutoCloseable {
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final Path properties;
    private final String classpath;
    private final List<String> jvmOptions;
    private final Path log;
    private final String bootstrapServers;
    private ChildJvm jvm;

    private KafkaBrokerProcess(Path properties, String classpath, List<String> jvmOptions, Path log, String bootstrapServers) {
        this.properties = properties;
        this.classpath = classpath;
        this.jvmOptions = jvmOptions;
        this.log = log;
        this.bootstrapServers = bootstrapServers;
    }

    /** Formats the storage under {@code dir} and starts the broker. */
    static KafkaBrokerProcess start(Path dir, String classpath, List<String> jvmOptions) {
        try {
            Files.createDirectories(dir);
            int brokerPort = EmbeddedKafka.freePort();
            Properties props = EmbeddedKafka.brokerProperties(dir, brokerPort, EmbeddedKafka.freePort());
            Path properties = dir.resolve("server.properties");
            try (OutputStream out = Files.newOutputStream(properties)) {
                props.store(out, "Upshift standalone cluster: Kafka broker");
            }
            Path log = dir.resolve("kafka.log");
            ChildJvm.run("Kafka storage format", classpath, jvmOptions, "kafka.tools.StorageTool",
                    List.of("format", "-t", Uuid.randomUuid().toString(), "-c", properties.toString()),
                    dir.resolve("kafka-format.log"), STARTUP_TIMEOUT);
            KafkaBrokerProcess broker = new KafkaBrokerProcess(properties, classpath, jvmOptions, log, "127.0.0.1:" + brokerPort);
            broker.startProcess();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the Kafka broker's directory " + dir, e);
        }
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    /** An orderly stop (SIGTERM) and a start on the same data and ports; returns once it answers again. */
    void restart() {
        jvm.stop(Duration.ofSeconds(60));
        startProcess();
    }

    private void startProcess() {
        jvm = ChildJvm.start("Kafka broker", classpath, jvmOptions, "kafka.Kafka", List.of(properties.toString()), Map.of(), log);
        KafkaTopics client = new KafkaTopics(bootstrapServers);
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (!client.isReachable()) {
            if (!jvm.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the Kafka broker did not come up; its log is " + log);
            }
            FlinkRest.pause(Duration.ofMillis(200));
        }
    }

    @Override
    public void close() {
        if (jvm != null) {
            jvm.stop(Duration.ofSeconds(30));
        }
    }
}
