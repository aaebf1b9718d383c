package dev.upshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upshift.common.config.UpshiftConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Today's decision job starts from the savepoint the build before issue 19 took ({@link SavepointFixture}) half-way
 * through the catalog scenario, refusing any state it cannot place (so a changed uid fails the start), reads the
 * rest, and drains. What the old job wrote before its stop plus what this one writes after it is exactly the
 * backtest's: the restored state (weeks in a row, decisions held for the watermark, the sealed account terms) is
 * read under today's names and serializers.
 */
class SavepointCompatibilityIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = TestClusters.miniCluster();

    @TempDir
    Path workDir;

    @Test
    void theSavepointOfTheBuildBeforeTheRestructuringRestoresAndFinishesTheScenario() throws Exception {
        List<String> events = new ArrayList<>(SavepointFixture.eventsBefore());
        events.addAll(SavepointFixture.eventsAfter());
        try (SavepointFixture.Scenario scenario = new SavepointFixture.Scenario(workDir, events)) {
            JobClient job = scenario.start(SavepointFixture.SAVEPOINT.toAbsolutePath().toUri().toString());
            scenario.awaitEventsRead(events.size());
            scenario.stop(job, true, workDir.resolve("savepoints"));

            UpshiftConfig.Topics topics = scenario.config.topics();
            assertThat(SavepointFixture.eventsBefore()).isNotEmpty();
            assertThat(concat(SavepointFixture.SIGNALS_BEFORE, scenario.client.readValues(topics.signals())))
                    .containsExactlyInAnyOrderElementsOf(Files.readAllLines(CatalogScenario.DIR.resolve("expected/signals.jsonl")));
            assertThat(concat(SavepointFixture.OFFERS_BEFORE, scenario.client.readValues(topics.offers())))
                    .containsExactlyInAnyOrderElementsOf(Files.readAllLines(CatalogScenario.DIR.resolve("expected/offers.jsonl")));
        }
    }

    /**
     * Today's job, started fresh as the fixture's was and saved at the same point, keeps exactly the state the old
     * build kept. (A restored job's savepoint is not compared: after a restore Flink's sink writers also save the
     * committer state they restored, under their own uids.)
     */
    @Test
    void todaysJobKeepsEveryUidAndStateNameTheOldBuildKept() throws Exception {
        try (SavepointFixture.Scenario scenario = new SavepointFixture.Scenario(workDir, SavepointFixture.eventsBefore())) {
            JobClient job = scenario.start(null);
            scenario.awaitEventsRead(SavepointFixture.eventsBefore().size());
            String savepoint = scenario.stop(job, false, workDir.resolve("savepoints"));
            assertThat(SavepointLayout.of(Path.of(URI.create(savepoint)), SavepointFixture.uids(scenario.config)))
                    .containsExactlyElementsOf(Files.readAllLines(SavepointFixture.STATE_LAYOUT));
        }
    }

    @Test
    void theSavepointOfTheBuildBeforeTheRestructuringHoldsTheCommittedStateNames() throws Exception {
        UpshiftConfig base = SavepointFixture.config();
        try (EmbeddedMail mail = EmbeddedMail.start(workDir)) {
            UpshiftConfig config = base.withDelivery(mail.delivery(base.delivery(), CatalogScenario.owners()));
            List<String> layout = SavepointLayout.of(SavepointFixture.SAVEPOINT, SavepointFixture.uids(config));
            assertThat(layout).containsExactlyElementsOf(Files.readAllLines(SavepointFixture.STATE_LAYOUT));
        }
    }

    private static List<String> concat(Path before, List<String> after) throws Exception {
        List<String> all = new ArrayList<>(Files.readAllLines(before));
        all.addAll(after);
        return all;
    }
}
