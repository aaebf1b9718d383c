package dev.upshift.local;

import dev.upshift.common.config.UpshiftConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node Apache Kafka broker in KRaft mode, running in this JVM from Kafka's own jars: the same
 * broker a production cluster runs, minus replication. Storage lives in a temporary directory.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private final Path dataDir;
    private final KafkaRaftServer server;
    private final String bootstrapServers;

    private EmbeddedKafka(Path dataDir, KafkaRaftServer server, String bootstrapServers) {
        this.dataDir = dataDir;
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    public static EmbeddedKafka start() {
        try {
            return start(freePort());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port for the embedded Kafka broker", e);
        }
    }

    /** A broker on this port: for a test in which clients wait for a broker that is not there yet. */
    public static EmbeddedKafka start(int brokerPort) {
        try {
            Path dataDir = LocalFiles.temporaryDirectory("upshift-kafka-");
            int controllerPort = freePort();
            Properties props = brokerProperties(dataDir, brokerPort, controllerPort);
            Path propsFile = dataDir.resolve("server.properties");
            try (OutputStream out = Files.newOutputStream(propsFile)) {
                props.store(out, "embedded Upshift broker");
            }
            KafkaConfig config = KafkaConfig.fromProps(props);
            String[] format = {"format", "-t", Uuid.randomUuid().toString(), "-c", propsFile.toString()};
            StorageTool.runFormatCommand(StorageTool.parseArguments(format), config, new PrintStream(OutputStream.nullOutputStream()));
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            return new EmbeddedKafka(dataDir, server, "127.0.0.1:" + brokerPort);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded Kafka broker", e);
        }
    }

    /** A single-node KRaft broker and controller on loopback, its data under {@code dataDir}. */
    public static Properties brokerProperties(Path dataDir, int brokerPort, int controllerPort) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", dataDir.resolve("logs").toString());
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "4");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "false");
        props.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        // Keep every record, however old its timestamp: the demo loads months of history, and backtests replay it.
        props.put("log.retention.ms", "-1");
        return props;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Creates Upshift's topics if missing, with the accounts and the delivery ledger compacted. */
    public void createTopics(UpshiftConfig.Topics topics, int partitions) {
        new KafkaTopics(bootstrapServers).createTopics(topics, partitions);
    }

    /** Creates the topics if missing; {@code compacted} topics keep the latest record per key. */
    public void createTopics(int partitions, Collection<String> topics, Collection<String> compacted) {
        new KafkaTopics(bootstrapServers).createTopics(partitions, topics, compacted);
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        LocalFiles.deleteRecursively(dataDir);
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
