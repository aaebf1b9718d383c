package dev.upshift.jobs.runtime;

import picocli.CommandLine.Option;

/** The options every job command that runs against Kafka shares. */
public final class KafkaOptions {
    @Option(names = "--bootstrap-servers", required = true, description = "Kafka bootstrap servers, host:port[,host:port]")
    String bootstrapServers;

    @Option(names = "--group-id", defaultValue = "upshift", description = "Kafka consumer group id (default: ${DEFAULT-VALUE})")
    String groupId;

    @Option(names = "--bounded", description = "Read each input up to its current end, then finish")
    boolean bounded;

    public JobSettings settings() {
        return new JobSettings(bootstrapServers, groupId, bounded);
    }
}
