package dev.upshift.jobs.runtime;

import dev.upshift.jobs.runtime.io.OutputTopics;

/**
 * Where a job reads and writes Kafka, and whether it stops.
 *
 * @param bounded read each input up to the end offsets seen at start, then finish (demo and bench);
 *     otherwise run forever
 * @param outputs where the decision job's results go: the config's live topics (null), or a shadow job's own
 */
public record JobSettings(String bootstrapServers, String groupId, boolean bounded, OutputTopics outputs) {
    /** The live job: its results on the config's topics. */
    public JobSettings(String bootstrapServers, String groupId, boolean bounded) {
        this(bootstrapServers, groupId, bounded, null);
    }

    public boolean shadow() {
        return outputs != null;
    }
}
