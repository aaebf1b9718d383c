package dev.upshift.local;

import dev.upshift.common.json.Json;
import dev.upshift.jobs.runtime.io.OutputTopics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * A backtest's results written to topics of their own ({@code --out-topic-prefix}), keyed by account as the live
 * job's are, so that {@code ./upshift compare} and the console's readers read them alike. Never a live topic:
 * {@link OutputTopics#prefixed} refuses those names.
 */
final class ResultTopics {
    private ResultTopics() {}

    /** The topic each result file goes to, in the order they are written: signals, offers, audit, dead letters. */
    static Map<String, String> fileToTopic(OutputTopics topics) {
        Map<String, String> fileToTopic = new LinkedHashMap<>();
        fileToTopic.put(Backtest.SIGNALS, topics.signals());
        fileToTopic.put(Backtest.OFFERS, topics.offers());
        fileToTopic.put(Backtest.AUDIT, topics.audit());
        fileToTopic.put(Backtest.DLQ, topics.dlq());
        return fileToTopic;
    }

    static void write(Backtest.Result result, String bootstrapServers, OutputTopics topics, Progress progress) {
        KafkaTopics kafka = new KafkaTopics(bootstrapServers);
        Map<String, String> fileToTopic = fileToTopic(topics);
        kafka.createTopics(1, fileToTopic.values(), List.of());
        long written = 0;
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer("all")) {
            for (Map.Entry<String, String> target : fileToTopic.entrySet()) {
                try (Stream<String> lines = result.stream(target.getKey())) {
                    for (String line : (Iterable<String>) lines::iterator) {
                        producer.send(KafkaTopics.record(target.getValue(), Json.tree(line).path("accountId").asText(null), line),
                                (metadata, error) -> {
                                    if (error != null) {
                                        failure.compareAndSet(null, error);
                                    }
                                });
                        written++;
                    }
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("cannot write the results to " + fileToTopic.values() + ": " + failure.get().getMessage(), failure.get());
        }
        progress.say(String.format("Wrote %,d records to %s", written, String.join(", ", fileToTopic.values())));
    }
}
