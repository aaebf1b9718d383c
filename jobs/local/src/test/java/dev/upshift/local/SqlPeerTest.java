package dev.upshift.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upshift.common.config.ConfigLoader;
import dev.upshift.common.config.UpshiftConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench's Flink SQL peer: its script is split and filled in as written, and Flink plans it. */
class SqlPeerTest {
    @TempDir
    Path workDir;

    @Test
    void splitsStatementsAtLineEndSemicolonsDropsCommentsAndFillsPlaceholders() {
        String script = """
                -- a comment; with a semicolon
                CREATE TABLE t (a STRING) WITH ('topic' = '${topic}', 'x' = 'a;b');
                INSERT INTO t
                SELECT a FROM t;
                """;

        assertThat(SqlPeer.statements(script, Map.of("topic", "upshift.events")))
                .containsExactly("CREATE TABLE t (a STRING) WITH ('topic' = 'upshift.events', 'x' = 'a;b')",
                        "INSERT INTO t\nSELECT a FROM t");
    }

    @Test
    void anUnknownPlaceholderIsAnError() {
        assertThatThrownBy(() -> SqlPeer.statements("SELECT '${nope}';", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("/bench/sql-peer.sql: no value for ${nope}");
    }

    @Test
    void durationsBecomeDayToSecondLiterals() {
        assertThat(SqlPeer.dayToSecond(Duration.ofDays(14))).isEqualTo("14 00:00:00.000");
        assertThat(SqlPeer.dayToSecond(Duration.ofMinutes(10).plusMillis(5))).isEqualTo("0 00:10:00.005");
    }

    /** Planning needs no broker: it checks the SQL against Flink's planner, the Kafka tables and the JSON format. */
    @Test
    void theScriptPlansAsOneJobWithBothPatterns() {
        UpshiftConfig config = ConfigLoader.defaults();
        SqlPeer peer = new SqlPeer(LocalFlink.environment(config, workDir), config, "localhost:9", "bench-sql", "sql-signals");

        String plan = peer.prepare().explain();

        String optimized = plan.substring(plan.indexOf("== Optimized Execution Plan =="));
        assertThat(count(optimized, "Match\\(partitionBy")).as(plan).isEqualTo(2);
        assertThat(count(optimized, "TableSourceScan\\(table=\\[\\[default_catalog, default_database, events")).as(plan).isEqualTo(1);
        assertThat(optimized).contains("MiniBatchAssigner", "LocalWindowAggregate", "TemporalJoin", "OverAggregate", "PLAN_LIMIT");
    }

    private static int count(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        int found = 0;
        while (matcher.find()) {
            found++;
        }
        return found;
    }
}
