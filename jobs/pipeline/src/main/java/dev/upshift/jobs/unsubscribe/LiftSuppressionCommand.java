package dev.upshift.jobs.unsubscribe;

import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.json.Json;
import dev.upshift.common.mail.MailKeys;
import dev.upshift.common.model.Suppression;
import dev.upshift.jobs.runtime.ConfigOption;
import dev.upshift.jobs.runtime.Main;
import dev.upshift.jobs.runtime.Secrets;
import dev.upshift.jobs.runtime.io.AcknowledgedProducers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./upshift lift-suppression}: takes a contact off the suppression list, the only way there is. It writes a
 * {@code lifted} record, with who and why, to the list's topic under the address key (the job never sees the
 * address); the running job applies it and audits it.
 */
@Command(name = "lift-suppression", mixinStandardHelpOptions = true,
        description = "Take a contact off the suppression list (an explicit, audited record on the suppressions topic).")
public final class LiftSuppressionCommand implements Callable<Integer> {
    @Option(names = "--bootstrap-servers", required = true, description = "Kafka bootstrap servers, host:port[,host:port]")
    String bootstrapServers;

    @Option(names = "--address", required = true, description = "The contact's email address")
    String address;

    @Option(names = "--by", required = true, description = "Who lifts it, for the audit trail")
    String by;

    @Option(names = "--reason", required = true, description = "Why, e.g. the ticket in which the contact asked to hear from you again")
    String reason;

    @Option(names = "--account", description = "The account the contact belongs to, for the audit trail")
    String accountId;

    @Mixin
    ConfigOption config;

    /** For a plain JVM: {@code java -cp upshift-pipeline-*-flink-app.jar dev.upshift.jobs.unsubscribe.LiftSuppressionCommand …}. */
    public static void main(String[] args) {
        Main.run(new LiftSuppressionCommand(), args);
    }

    @Override
    public Integer call() throws Exception {
        UpshiftConfig loaded = config.load();
        if (by.isBlank() || reason.isBlank() || !address.contains("@")) {
            throw new IllegalArgumentException("--address must be an email address, and --by and --reason must not be blank");
        }
        String addressKey = new MailKeys(Secrets.agentSecret(loaded.delivery())).addressKey(address);
        Suppression lift = Suppression.lift(addressKey, reason, by, accountId, Instant.now().toEpochMilli());
        String topic = loaded.topics().suppressions();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(AcknowledgedProducers.properties(bootstrapServers))) {
            producer.send(new ProducerRecord<>(topic, lift.addressKey.getBytes(StandardCharsets.UTF_8), Json.toBytes(lift))).get();
            producer.close(Duration.ofSeconds(10));
        }
        System.out.println("upshift: lifted the suppression of address key " + lift.addressKey + " on " + topic
                + "; the decision job applies and audits it");
        return 0;
    }
}
