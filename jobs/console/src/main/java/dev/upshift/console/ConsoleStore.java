package dev.upshift.console;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upshift.common.json.Json;
import dev.upshift.common.json.Timestamps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The console's analytical store: an in-memory DuckDB database with one table per {@link Source}, rebuilt from
 * the topics at every start (they are the source of truth; nothing here is kept). Each table holds the record
 * as JSON ({@code doc}) and, extracted once on the way in, the columns the pages filter, join and count on,
 * with times as epoch milliseconds. Accounts keep only the latest record per id; a tombstone removes it.
 *
 * <p>One connection, used under this object's lock: the feed writes while pages read, and DuckDB's connection is
 * not meant to be shared between threads without it.
 */
final class ConsoleStore implements AutoCloseable {
    /** One record as read from a topic. */
    record Incoming(int partition, long offset, byte[] key, byte[] value) {}

    private record Column(String name, String type, Function<JsonNode, Object> value) {}

    private static final Map<Source, List<Column>> COLUMNS = new EnumMap<>(Map.of(
            Source.SIGNALS, List.of(text("account_id", "accountId"), text("signal", "signal"), time("fired_at", "firedAt")),
            Source.OFFERS, List.of(text("offer_id", "offerId"), text("account_id", "accountId"), text("signal", "signal"),
                    text("segment", "segment"), text("owner_id", "ownerId"), text("grp", "group"), text("status", "status"),
                    text("reason", "reason"), text("kind", "kind"), time("decided_at", "decidedAt"),
                    number("annual_revenue", "annualRevenue")),
            Source.DRAFTS, List.of(text("offer_id", "offerId"), text("account_id", "accountId"), text("owner_id", "ownerId"),
                    time("drafted_at", "draftedAt")),
            Source.DELIVERIES, List.of(text("mail_id", "mailId"), text("offer_id", "offerId"), text("account_id", "accountId"),
                    text("status", "status"), time("recorded_at", "recordedAt")),
            Source.OUTCOMES, List.of(text("outcome_id", "outcomeId"), text("offer_id", "offerId"), text("account_id", "accountId"),
                    text("label", "label"), time("received_at", "receivedAt")),
            Source.AUDIT, List.of(text("audit_id", "auditId"), text("account_id", "accountId"), text("offer_id", "/decision/offerId"),
                    text("stage", "/delivery/stage"), text("mail_kind", "/delivery/kind"), text("approver_id", "/delivery/approverId"),
                    text("detail", "/delivery/detail"), time("recorded_at", "recordedAt")),
            Source.FEEDBACK, List.of(text("account_id", "accountId"), text("offer_id", "offerId"), text("outcome", "outcome"),
                    time("occurred_at", "occurredAt")),
            Source.APPROVALS, List.of(text("offer_id", "offerId"), text("account_id", "accountId"), text("decision", "decision"),
                    text("approver_id", "approverId"), time("decided_at", "decidedAt")),
            Source.ACCOUNTS, List.of(text("account_id", "accountId"), text("name", "name"), text("owner_id", "ownerId"),
                    text("segment", "segment"), text("plan_id", "planId"))));

    private static final ObjectMapper LENIENT = Json.MAPPER.copy().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Connection db;
    private final Map<Source, Long> unreadable = new EnumMap<>(Source.class);

    ConsoleStore() {
        try {
            db = DriverManager.getConnection("jdbc:duckdb:");
            try (Statement statement = db.createStatement()) {
                for (Source source : Source.values()) {
                    String columns = COLUMNS.get(source).stream().map(column -> column.name + " " + column.type)
                            .collect(Collectors.joining(", "));
                    statement.execute("create table " + table(source) + " (part integer, off bigint, " + columns + ", doc json)");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not open the embedded DuckDB store", e);
        }
    }

    /** Adds one poll's records of a topic; a value that is not a JSON object is counted as unreadable and skipped. */
    synchronized void add(Source source, List<Incoming> records) {
        List<Column> columns = COLUMNS.get(source);
        String placeholders = "?, ?, " + columns.stream().map(column -> "?").collect(Collectors.joining(", ")) + ", ?";
        try (PreparedStatement insert = db.prepareStatement("insert into " + table(source) + " values (" + placeholders + ")");
                PreparedStatement forget = db.prepareStatement("delete from accounts where account_id = ?")) {
            for (Incoming record : records) {
                if (source == Source.ACCOUNTS && record.key() != null) {
                    forget.setString(1, new String(record.key(), StandardCharsets.UTF_8));
                    forget.executeUpdate();
                    if (record.value() == null) {
                        continue;
                    }
                }
                JsonNode doc = parse(record.value());
                if (doc == null) {
                    unreadable.merge(source, 1L, Long::sum);
                    continue;
                }
                insert.setInt(1, record.partition());
                insert.setLong(2, record.offset());
                for (int i = 0; i < columns.size(); i++) {
                    insert.setObject(3 + i, columns.get(i).value.apply(doc));
                }
                insert.setString(3 + columns.size(), Json.toText(doc));
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("could not store records of " + source, e);
        }
    }

    /** Runs a query and maps each row; {@code parameters} bind to its {@code ?}s in order. */
    synchronized <T> List<T> query(String sql, RowMapper<T> mapper, Object... parameters) {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<T> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(mapper.map(result));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + sql, e);
        }
    }

    /** Records skipped because they were not JSON objects, per source. */
    synchronized Map<Source, Long> unreadable() {
        return Map.copyOf(unreadable);
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw new IllegalStateException("could not close the embedded DuckDB store", e);
        }
    }

    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    static String table(Source source) {
        return source.name().toLowerCase(java.util.Locale.ROOT);
    }

    static JsonNode json(ResultSet row, String column) throws SQLException {
        return Json.tree(row.getString(column));
    }

    /** A stored record, or part of one, as a contract class; fields a newer job added are ignored. */
    static <T> T as(JsonNode node, Class<T> type) {
        try {
            return LENIENT.treeToValue(node, type);
        } catch (IOException e) {
            throw new IllegalStateException("a stored record does not read as " + type.getSimpleName(), e);
        }
    }

    private static JsonNode parse(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            JsonNode doc = Json.MAPPER.readTree(value);
            return doc != null && doc.isObject() ? doc : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static Column text(String name, String field) {
        return new Column(name, "varchar", doc -> {
            JsonNode node = field.startsWith("/") ? doc.at(field) : doc.path(field);
            return node.isValueNode() && !node.isNull() ? node.asText() : null;
        });
    }

    private static Column time(String name, String field) {
        return new Column(name, "bigint", doc -> {
            JsonNode node = doc.path(field);
            if (node.isNumber()) {
                return node.asLong();
            }
            OptionalLong millis = node.isTextual() ? Timestamps.parse(node.asText()) : OptionalLong.empty();
            return millis.isPresent() ? millis.getAsLong() : null;
        });
    }

    /** A finite number, or null: the contract has no others, and one infinity would make every sum over it infinite. */
    private static Column number(String name, String field) {
        return new Column(name, "double", doc -> doc.path(field).isNumber() && Double.isFinite(doc.path(field).asDouble())
                ? doc.path(field).asDouble() : null);
    }
}
