package dev.upshift.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upshift.common.config.ConfigLoader;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.jobs.decisions.DecisionsJob;
import dev.upshift.jobs.replies.RepliesJob;
import dev.upshift.jobs.runtime.JobSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/**
 * Every operator uid of both jobs, against the committed list: a savepoint's state is found by uid, so a uid never
 * changes without a migration. The list was written by the build before issue 19 and is restored by
 * {@code SavepointCompatibilityIT}.
 */
class JobLayoutTest {
    private static final Path UIDS = Path.of("src/test/resources/layout/operator-uids.txt");

    @Test
    void everyOperatorUidIsTheCommittedOne() throws IOException {
        List<String> uids = new ArrayList<>();
        uids.addAll(uids("decisions", decisionJob()));
        uids.addAll(uids("replies", repliesJob()));
        assertThat(uids).containsExactlyElementsOf(Files.readAllLines(UIDS));
    }

    static UpshiftConfig config() {
        return ConfigLoader.load("layout", """
                delivery:
                  enabled: true
                  smtp: {host: mail.example.com, port: 587}
                  unsubscribe: {url: https://unsubscribe.example.com/unsubscribe, mailto: unsubscribe@agents.example.com}
                  replies:
                    imap: {host: mail.example.com, port: 993}
                  identities:
                    csm-1:
                      fromAddress: csm-1@agents.example.com
                      displayName: Alex from Acme
                      signature: Alex
                      replyTo: replies+csm-1@agents.example.com
                      ownerAddress: alex.doe@acme.example.com
                      dkim: {domain: agents.example.com, selector: upshift, keyFile: /nonexistent/dkim.pem}
                """);
    }

    private static StreamGraph decisionJob() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DecisionsJob.define(env, config(), new JobSettings("localhost:9092", "layout", false));
        return env.getStreamGraph();
    }

    private static StreamGraph repliesJob() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        RepliesJob.define(env, config(), new JobSettings("localhost:9092", "layout", false));
        return env.getStreamGraph();
    }

    private static List<String> uids(String job, StreamGraph graph) {
        return graph.getStreamNodes().stream()
                .map(StreamNode::getTransformationUID)
                .filter(uid -> uid != null)
                .sorted()
                .map(uid -> job + " " + uid)
                .toList();
    }
}
