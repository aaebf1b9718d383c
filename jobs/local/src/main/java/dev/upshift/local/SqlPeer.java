package dev.upshift.local;

import dev.upshift.common.config.Plan;
import dev.upshift.common.config.UpshiftConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * The bench's Flink SQL peer: {@code bench/sql-peer.sql}, Upshift's two headline signals written as idiomatic Flink
 * SQL, run on the same topic, Flink options (RocksDB, checkpointing) and MiniCluster as the job, with the
 * mini-batch settings Flink's tuning guide recommends.
 */
final class SqlPeer {
    static final String SCRIPT = "/bench/sql-peer.sql";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(\\w+)}");
    /** A statement ends with a semicolon at the end of a line. */
    private static final Pattern STATEMENT_END = Pattern.compile(";\\s*(\\n|$)");

    private final StreamTableEnvironment tables;
    private final List<String> statements;

    /** @param signalsTopic where the peer writes its signals; {@code groupId} names its consumer group and transactions */
    SqlPeer(StreamExecutionEnvironment env, UpshiftConfig config, String bootstrapServers, String groupId, String signalsTopic) {
        tables = StreamTableEnvironment.create(env);
        tables.getConfig().set("table.local-time-zone", "UTC");
        tables.getConfig().set("table.exec.source.idle-timeout", config.time().sourceIdleness().toMillis() + " ms");
        tables.getConfig().set("table.exec.mini-batch.enabled", "true");
        tables.getConfig().set("table.exec.mini-batch.allow-latency", "2 s");
        tables.getConfig().set("table.exec.mini-batch.size", "5000");
        // The job's options forbid auto-generated uids; the planner gives its operators uids of its own.
        tables.getConfig().set("table.exec.uid.generation", "ALWAYS");
        tables.getConfig().set("pipeline.name", "Upshift bench: Flink SQL peer");
        tables.createTemporarySystemFunction("PLAN_LIMIT", new PlanLimit(config));
        statements = statements(script(), placeholders(config, bootstrapServers, groupId, signalsTopic));
    }

    /** Submits the INSERT as one job and returns when that job has ended. */
    void run(Progress progress, Supplier<String> status) throws Exception {
        progress.awaitJob(prepare().execute().getJobClient().orElseThrow().getJobExecutionResult(), status);
    }

    /** Creates the script's tables and views; returns its INSERT, not yet submitted. */
    StatementSet prepare() {
        StatementSet inserts = tables.createStatementSet();
        for (String statement : statements) {
            if (statement.startsWith("INSERT")) {
                inserts.addInsertSql(statement);
            } else {
                tables.executeSql(statement);
            }
        }
        return inserts;
    }

    private static Map<String, String> placeholders(UpshiftConfig config, String bootstrapServers, String groupId, String signalsTopic) {
        UpshiftConfig.LimitPressure limitPressure = config.signals().limitPressure();
        UpshiftConfig.SeatGrowth seatGrowth = config.signals().seatGrowth();
        Map<String, String> values = new HashMap<>();
        values.put("bootstrapServers", bootstrapServers);
        values.put("groupId", groupId);
        values.put("eventsTopic", config.topics().events());
        values.put("accountsTopic", config.topics().accounts());
        values.put("signalsTopic", signalsTopic);
        values.put("maxOutOfOrderness", dayToSecond(config.time().maxOutOfOrderness()));
        values.put("limitPressureThreshold", Double.toString(limitPressure.threshold()));
        values.put("limitPressureWeeks", Integer.toString(limitPressure.consecutiveWeeks()));
        values.put("limitPressureSpan", dayToSecond(Duration.ofDays(7L * (limitPressure.consecutiveWeeks() - 1) + 1)));
        values.put("minSeatsAdded", Integer.toString(seatGrowth.minSeatsAdded()));
        values.put("seatGrowthWindow", dayToSecond(seatGrowth.window()));
        return values;
    }

    /** A duration as a SQL {@code DAY TO SECOND} interval literal's text: {@code 14 00:00:00.000}. */
    static String dayToSecond(Duration duration) {
        return String.format(Locale.ROOT, "%d %02d:%02d:%02d.%03d", duration.toDays(), duration.toHoursPart(),
                duration.toMinutesPart(), duration.toSecondsPart(), duration.toMillisPart());
    }

    private static String script() {
        try (InputStream in = SqlPeer.class.getResourceAsStream(SCRIPT)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + SCRIPT, e);
        }
    }

    /** The script's statements with comments dropped and placeholders filled in; an unknown placeholder is an error. */
    static List<String> statements(String script, Map<String, String> values) {
        StringBuilder code = new StringBuilder();
        for (String line : script.split("\n")) {
            if (!line.stripLeading().startsWith("--")) {
                code.append(line).append('\n');
            }
        }
        Matcher placeholder = PLACEHOLDER.matcher(code);
        StringBuilder filled = new StringBuilder();
        while (placeholder.find()) {
            String value = values.get(placeholder.group(1));
            if (value == null) {
                throw new IllegalArgumentException(SCRIPT + ": no value for ${" + placeholder.group(1) + "}");
            }
            placeholder.appendReplacement(filled, Matcher.quoteReplacement(value));
        }
        placeholder.appendTail(filled);
        List<String> statements = new ArrayList<>();
        for (String statement : STATEMENT_END.split(filled)) {
            if (!statement.isBlank()) {
                statements.add(statement.strip());
            }
        }
        return statements;
    }

    /** {@code PLAN_LIMIT(planId, metric)}: the plan catalog's limit, null when the plan has none for the metric. */
    public static final class PlanLimit extends ScalarFunction {
        private final HashMap<String, HashMap<String, Double>> limits = new HashMap<>();

        PlanLimit(UpshiftConfig config) {
            for (Plan plan : config.catalog().plans()) {
                limits.put(plan.id(), new HashMap<>(plan.limits()));
            }
        }

        public Double eval(String planId, String metric) {
            Map<String, Double> plan = planId == null ? null : limits.get(planId);
            return plan == null || metric == null ? null : plan.get(metric);
        }
    }
}
