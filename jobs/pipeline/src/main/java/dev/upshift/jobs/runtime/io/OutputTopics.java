package dev.upshift.jobs.runtime.io;

import dev.upshift.common.config.UpshiftConfig;
import java.io.Serializable;
import java.util.List;
import java.util.Set;

/**
 * Where a decision job's results go: the live topics of the config, or, for a shadow job or a backtest written to
 * Kafka, topics named {@code <prefix><role>} ({@code shadow.offers}, ...), which never coincide with a live topic.
 * {@code ./upshift compare} reads a run's results by the same prefix.
 */
public record OutputTopics(String signals, String offers, String audit, String dlq, String suppressions) implements Serializable {
    public static OutputTopics live(UpshiftConfig.Topics topics) {
        return new OutputTopics(topics.signals(), topics.offers(), topics.audit(), topics.dlq(), topics.suppressions());
    }

    /**
     * Topics named {@code prefix + role}.
     *
     * @throws IllegalArgumentException when a name would be one of the config's topics: the live job's inputs or outputs
     */
    public static OutputTopics prefixed(String prefix, UpshiftConfig.Topics live) {
        if (prefix == null || prefix.isBlank() || !prefix.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("the topic prefix '" + prefix + "' is not usable: use letters, digits, '.', '_' or '-', e.g. 'shadow.'");
        }
        OutputTopics topics = new OutputTopics(prefix + "signals", prefix + "offers", prefix + "audit", prefix + "dlq", prefix + "suppressions");
        Set<String> liveNames = Set.of(live.events(), live.accounts(), live.feedback(), live.approvals(), live.signals(), live.offers(),
                live.drafts(), live.deliveries(), live.outcomes(), live.audit(), live.dlq(), live.suppressions());
        for (String name : topics.names()) {
            if (liveNames.contains(name)) {
                throw new IllegalArgumentException("the topic prefix '" + prefix + "' would write to the live topic " + name
                        + "; choose another, e.g. 'shadow.'");
            }
        }
        return topics;
    }

    public List<String> names() {
        return List.of(signals, offers, audit, dlq, suppressions);
    }
}
