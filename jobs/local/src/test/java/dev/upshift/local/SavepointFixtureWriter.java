package dev.upshift.local;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes {@link SavepointFixture}: not a test (its name matches no test pattern, so no build runs it). Run it by
 * hand with the build whose state layout the fixture should pin, before a change that could move a uid or a state:
 * {@code mvn -pl jobs/local verify -Dit.test=SavepointFixtureWriter -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class SavepointFixtureWriter {
    @RegisterExtension
    static final MiniClusterExtension FLINK = TestClusters.miniCluster();

    @TempDir
    Path workDir;

    @Test
    void write() throws Exception {
        try (SavepointFixture.Scenario scenario = new SavepointFixture.Scenario(workDir, SavepointFixture.eventsBefore())) {
            JobClient job = scenario.start(null);
            scenario.awaitEventsRead(SavepointFixture.eventsBefore().size());
            String savepoint = scenario.stop(job, false, workDir.resolve("savepoints"));

            deleteRecursively(SavepointFixture.SAVEPOINT);
            copyRecursively(Path.of(URI.create(savepoint)), SavepointFixture.SAVEPOINT);
            Files.write(SavepointFixture.SIGNALS_BEFORE, scenario.client.readValues(scenario.config.topics().signals()));
            Files.write(SavepointFixture.OFFERS_BEFORE, scenario.client.readValues(scenario.config.topics().offers()));
        }
    }

    private static void copyRecursively(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(from.relativize(file).toString()));
            }
        }
    }

    private static void deleteRecursively(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }
}
