package dev.upshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import dev.upshift.common.config.ConfigLoader;
import dev.upshift.common.json.InputParser;
import dev.upshift.common.json.Json;
import dev.upshift.common.model.InputRecord;
import dev.upshift.common.model.SourceRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JSON Schemas in docs/schemas are the contract producers and analysts code against; these tests keep
 * them and the code in agreement, using the committed scenarios and their hand-checked outputs.
 */
class ContractSchemaTest {
    private static final Path SCHEMAS = Path.of("../../docs/schemas").toAbsolutePath().normalize();
    private static final Path SCENARIOS = Path.of("src/test/resources/scenarios");
    private static final Path SCENARIO = SCENARIOS.resolve("boundaries");
    /**
     * Rejections a schema can express. unknown_plan depends on the configured catalog, and future_event on the wall
     * clock, which no static schema knows.
     */
    private static final Set<String> SCHEMA_REJECTIONS = Set.of("malformed_json", "missing_field", "invalid_field",
            "invalid_timestamp", "invalid_number", "negative_quantity", "negative_value", "usage_without_amount", "missing_plan");
    private static final Set<String> BEYOND_A_SCHEMA = Set.of("unknown_plan", "future_event");

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers -> mappers.mapPrefix("https://upshift.dev/schemas/", SCHEMAS.toUri().toString())));

    @ParameterizedTest
    @ValueSource(strings = {"boundaries", "catalog"})
    void everyOutputRecordMatchesItsSchema(String scenario) throws IOException {
        Path expected = SCENARIOS.resolve(scenario).resolve("expected");
        assertValid("signal", lines(expected.resolve("signals.jsonl")));
        assertValid("offer-decision", lines(expected.resolve("offers.jsonl")));
        assertValid("audit", lines(expected.resolve("audit.jsonl")));
        if (scenario.equals("boundaries")) {
            assertValid("dead-letter", lines(expected.resolve("dlq.jsonl")));
        }
    }

    @Test
    void feedbackTheJobAcceptsMatchesTheSchemaAndFeedbackItRejectsDoesNot() throws IOException {
        List<String> feedback = new ArrayList<>(lines(SCENARIOS.resolve("catalog/feedback.jsonl")));
        feedback.addAll(List.of(
                "{\"accountId\":\"a1\",\"outcome\":\"declined\",\"occurredAt\":\"2026-01-09T10:00:00Z\"}",
                "{\"accountId\":\"a1\",\"offerId\":\"o1\",\"outcome\":\"maybe\",\"occurredAt\":\"2026-01-09T10:00:00Z\"}",
                "{\"accountId\":\"a1\",\"offerId\":\"o1\",\"outcome\":\"accepted\",\"occurredAt\":\"soon\"}",
                "{\"offerId\":\"o1\",\"outcome\":\"accepted\",\"occurredAt\":\"2026-01-09T10:00:00Z\"}",
                "{\"accountId\":\"a1\",\"outcome\":\"upgraded\",\"occurredAt\":\"2026-01-09T10:00:00Z\"}"));
        InputParser parser = new InputParser(ConfigLoader.defaults());
        int rejected = rejectedAlikeByParserAndSchema("feedback", feedback,
                line -> parser.parseFeedback("a1", line.getBytes(StandardCharsets.UTF_8), SourceRef.file("feedback.jsonl", 1)));
        assertThat(rejected).isEqualTo(4);
    }

    @Test
    void approvalsTheJobAcceptsMatchTheSchemaAndApprovalsItRejectsDoNot() {
        List<String> approvals = List.of(
                "{\"offerId\":\"o1\",\"accountId\":\"a1\",\"decision\":\"approve\",\"approverId\":\"csm-1\",\"decidedAt\":\"2026-01-09T10:00:00Z\"}",
                "{\"offerId\":\"o1\",\"accountId\":\"a1\",\"decision\":\"edit\",\"approverId\":\"csm-1\",\"decidedAt\":\"2026-01-09T10:00:00Z\","
                        + "\"subject\":\"Hi\",\"body\":\"Hello\"}",
                "{\"offerId\":\"o1\",\"accountId\":\"a1\",\"decision\":\"reject\",\"approverId\":\"csm-1\",\"decidedAt\":\"2026-01-09T10:00:00Z\",\"note\":\"no\"}",
                "{\"offerId\":\"o1\",\"accountId\":\"a1\",\"decision\":\"edit\",\"approverId\":\"csm-1\",\"decidedAt\":\"2026-01-09T10:00:00Z\",\"subject\":\"Hi\"}",
                "{\"offerId\":\"o1\",\"accountId\":\"a1\",\"decision\":\"maybe\",\"approverId\":\"csm-1\",\"decidedAt\":\"2026-01-09T10:00:00Z\"}",
                "{\"offerId\":\"o1\",\"accountId\":\"a1\",\"decision\":\"approve\",\"decidedAt\":\"2026-01-09T10:00:00Z\"}",
                "{\"offerId\":\"o1\",\"accountId\":\"a1\",\"decision\":\"approve\",\"approverId\":\"csm-1\",\"decidedAt\":\"later\"}");
        InputParser parser = new InputParser(ConfigLoader.defaults());
        int rejected = rejectedAlikeByParserAndSchema("approval", approvals,
                line -> parser.parseApproval("a1", line.getBytes(StandardCharsets.UTF_8), SourceRef.file("approvals.jsonl", 1)));
        assertThat(rejected).isEqualTo(4);
    }

    /** Asserts that the schema accepts exactly the lines the parser accepts; returns how many both rejected. */
    private static int rejectedAlikeByParserAndSchema(String schemaName, List<String> lines, Function<String, InputRecord> parse) {
        JsonSchema schema = schema(schemaName);
        int rejected = 0;
        for (String line : lines) {
            boolean accepted = parse.apply(line).deadLetter == null;
            rejected += accepted ? 0 : 1;
            assertThat(schema.validate(parse(line)).isEmpty()).as("schema agrees with the parser on %s", line).isEqualTo(accepted);
        }
        return rejected;
    }

    @Test
    void inputsTheJobAcceptsMatchTheSchemaAndInputsItRejectsDoNot() throws IOException {
        Set<String> rejected = payloadsRejectedFor(SCHEMA_REJECTIONS);
        Set<String> rejectedBeyondASchema = payloadsRejectedFor(BEYOND_A_SCHEMA);
        assertThat(reasonsIn(lines("expected/dlq.jsonl"))).as("the scenario plants each").containsAll(SCHEMA_REJECTIONS).containsAll(BEYOND_A_SCHEMA);

        assertAgreement("usage-event", lines("events.jsonl"), rejected, rejectedBeyondASchema);
        assertAgreement("account", lines("accounts.jsonl"), rejected, rejectedBeyondASchema);
    }

    @Test
    void suppressionEntriesTheJobAcceptsMatchTheSchemaAndOnesItRejectsDoNot() {
        List<String> entries = List.of(
                "{\"addressKey\":\"k1\",\"status\":\"suppressed\",\"reason\":\"unsubscribed\",\"accountId\":\"a1\",\"at\":\"2026-01-09T10:00:00Z\"}",
                "{\"addressKey\":\"k1\",\"status\":\"suppressed\",\"reason\":\"account_opted_out\"}",
                "{\"addressKey\":\"k1\",\"status\":\"lifted\",\"reason\":\"asked again\",\"by\":\"ana\",\"at\":\"2026-03-01T00:00:00Z\"}",
                "{\"addressKey\":\"k1\",\"status\":\"lifted\",\"reason\":\"asked again\",\"at\":\"2026-03-01T00:00:00Z\"}",
                "{\"addressKey\":\"k1\",\"status\":\"lifted\",\"reason\":\"asked again\",\"by\":\"ana\"}",
                "{\"addressKey\":\"k1\",\"status\":\"forgotten\",\"reason\":\"x\"}",
                "{\"status\":\"suppressed\",\"reason\":\"unsubscribed\"}",
                "{\"addressKey\":\"k1\",\"status\":\"suppressed\"}");
        InputParser parser = new InputParser(ConfigLoader.defaults());
        int rejected = rejectedAlikeByParserAndSchema("suppression", entries,
                line -> parser.parseSuppression("k1", line.getBytes(StandardCharsets.UTF_8), SourceRef.kafka("upshift.suppressions", 0, 1)));
        assertThat(rejected).isEqualTo(5);
    }

    private static Set<String> reasonsIn(List<String> deadLetters) {
        return deadLetters.stream().map(letter -> parse(letter).get("reason").asText()).collect(Collectors.toSet());
    }

    private static Set<String> payloadsRejectedFor(Set<String> reasons) throws IOException {
        return lines("expected/dlq.jsonl").stream()
                .map(ContractSchemaTest::parse)
                .filter(letter -> reasons.contains(letter.get("reason").asText()))
                .map(letter -> letter.get("payload").asText())
                .collect(Collectors.toSet());
    }

    private static void assertAgreement(String schemaName, List<String> inputs, Set<String> rejected, Set<String> skipped) {
        assertThat(rejected).doesNotContainAnyElementsOf(skipped);
        JsonSchema schema = schema(schemaName);
        for (String input : inputs) {
            if (skipped.contains(input)) {
                continue;
            }
            boolean valid = isJsonObject(input) && schema.validate(parse(input)).isEmpty();
            assertThat(valid).as("%s accepted by the schema: %s", schemaName, input).isEqualTo(!rejected.contains(input));
        }
    }

    /** Also used by tests that produce records no scenario file holds: deliveries, mail steps in the audit. */
    static void assertValid(String schemaName, List<String> records) {
        JsonSchema schema = schema(schemaName);
        assertThat(records).isNotEmpty().allSatisfy(record ->
                assertThat(schema.validate(parse(record))).as(record).isEmpty());
    }

    private static JsonSchema schema(String name) {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        return FACTORY.getSchema(SchemaLocation.of("https://upshift.dev/schemas/" + name + ".schema.json"), config);
    }

    private static List<String> lines(String file) throws IOException {
        return lines(SCENARIO.resolve(file));
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(line -> !line.isBlank()).toList();
    }

    private static boolean isJsonObject(String text) {
        try {
            return Json.MAPPER.readTree(text).isObject();
        } catch (IOException e) {
            return false;
        }
    }

    private static JsonNode parse(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
