package dev.upshift.jobs.runtime.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates a shadow job's output topics before it starts, when missing, each like its live counterpart: as many
 * partitions, the same replication, and the suppression list compacted. Brokers usually refuse to create topics on
 * a producer's first write, and a shadow is meant to be tried without asking an operator first.
 */
public final class ShadowTopicsCreator {
    private ShadowTopicsCreator() {}

    public static void ensure(String bootstrapServers, OutputTopics live, OutputTopics shadow) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000"))) {
            Set<String> existing = admin.listTopics().names().get();
            Map<String, TopicDescription> liveTopics = admin.describeTopics(live.names().stream().filter(existing::contains).toList())
                    .allTopicNames().get();
            List<NewTopic> missing = new ArrayList<>();
            for (int i = 0; i < shadow.names().size(); i++) {
                String name = shadow.names().get(i);
                if (existing.contains(name)) {
                    continue;
                }
                TopicDescription counterpart = liveTopics.get(live.names().get(i));
                NewTopic topic = counterpart == null ? new NewTopic(name, Optional.empty(), Optional.empty())
                        : new NewTopic(name, counterpart.partitions().size(), (short) counterpart.partitions().get(0).replicas().size());
                if (name.equals(shadow.suppressions())) {
                    topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
                }
                missing.add(topic);
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalArgumentException("cannot create the shadow's topics " + shadow.names() + " on " + bootstrapServers + ": "
                        + e.getCause().getMessage(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the shadow's topics", e);
        }
    }
}
