package dev.upshift.console;

import dev.upshift.common.config.UpshiftConfig;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The topics the console reads, each into its own table of {@link ConsoleStore}. The outputs are the source of
 * truth; the accounts (names, owners, segments, and what the house rules need), the feedback (conversions,
 * including billing's self-serve upgrades) and the approvals (decisions already sent) complete them.
 */
enum Source {
    SIGNALS(UpshiftConfig.Topics::signals),
    OFFERS(UpshiftConfig.Topics::offers),
    DRAFTS(UpshiftConfig.Topics::drafts),
    DELIVERIES(UpshiftConfig.Topics::deliveries),
    OUTCOMES(UpshiftConfig.Topics::outcomes),
    AUDIT(UpshiftConfig.Topics::audit),
    FEEDBACK(UpshiftConfig.Topics::feedback),
    APPROVALS(UpshiftConfig.Topics::approvals),
    ACCOUNTS(UpshiftConfig.Topics::accounts);

    private final Function<UpshiftConfig.Topics, String> topic;

    Source(Function<UpshiftConfig.Topics, String> topic) {
        this.topic = topic;
    }

    String topic(UpshiftConfig.Topics topics) {
        return topic.apply(topics);
    }

    /** Topic name to source, for the configured names. */
    static Map<String, Source> byTopic(UpshiftConfig.Topics topics) {
        return Arrays.stream(values()).collect(Collectors.toMap(source -> source.topic(topics), Function.identity()));
    }
}
