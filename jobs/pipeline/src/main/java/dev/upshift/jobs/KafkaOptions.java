package dev.upshift.jobs;

import picocli.CommandLine.Option;

/** The options every job command that runs against Kafka shares. */
public final class KafkaOptions {
    @Option(names = "--bootstrap-servers", required = true, description = "Kafka bootstrap servers, host:port[,host:port]")
    String bootstrapServers;

    @Option(names = "--group-id", defaultValue = "upshift", description = "Kafka consumer group id (default: ${DEFAULT-VALUE})")
    String groupId;

    @Option(names = "--bounded", description = "Read each input up to its current end, then finish")
    boolean bounded;

    KafkaJob.Settings settings() {
        return new KafkaJob.Settings(bootstrapServers, groupId, bounded);
    }
}
