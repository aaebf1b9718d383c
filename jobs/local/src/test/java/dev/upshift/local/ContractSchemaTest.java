package dev.upshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import dev.upshift.common.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The JSON Schemas in docs/schemas are the contract producers and analysts code against; these tests keep
 * them and the code in agreement, using the boundary scenario and its hand-checked outputs.
 */
class ContractSchemaTest {
    private static final Path SCHEMAS = Path.of("../../docs/schemas").toAbsolutePath().normalize();
    private static final Path SCENARIO = Path.of("src/test/resources/scenarios/boundaries");
    /** Rejections a schema can express. unknown_plan depends on the configured catalog, which no static schema knows. */
    private static final Set<String> SCHEMA_REJECTIONS = Set.of("malformed_json", "missing_field", "invalid_field",
            "invalid_timestamp", "negative_quantity", "negative_value", "usage_without_amount", "missing_plan");

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers -> mappers.mapPrefix("https://upshift.dev/schemas/", SCHEMAS.toUri().toString())));

    @Test
    void everyOutputRecordMatchesItsSchema() throws IOException {
        assertValid("signal", lines("expected/signals.jsonl"));
        assertValid("offer-decision", lines("expected/offers.jsonl"));
        assertValid("dead-letter", lines("expected/dlq.jsonl"));
    }

    @Test
    void inputsTheJobAcceptsMatchTheSchemaAndInputsItRejectsDoNot() throws IOException {
        Set<String> rejected = payloadsRejectedFor(SCHEMA_REJECTIONS);
        Set<String> rejectedByCatalog = payloadsRejectedFor(Set.of("unknown_plan"));
        assertThat(rejected).hasSize(SCHEMA_REJECTIONS.size());
        assertThat(rejectedByCatalog).hasSize(1);

        assertAgreement("usage-event", lines("events.jsonl"), rejected, rejectedByCatalog);
        assertAgreement("account", lines("accounts.jsonl"), rejected, rejectedByCatalog);
    }

    private static Set<String> payloadsRejectedFor(Set<String> reasons) throws IOException {
        return lines("expected/dlq.jsonl").stream()
                .map(ContractSchemaTest::parse)
                .filter(letter -> reasons.contains(letter.get("reason").asText()))
                .map(letter -> letter.get("payload").asText())
                .collect(Collectors.toSet());
    }

    private static void assertAgreement(String schemaName, List<String> inputs, Set<String> rejected, Set<String> skipped) {
        JsonSchema schema = schema(schemaName);
        for (String input : inputs) {
            if (skipped.contains(input)) {
                continue;
            }
            boolean valid = isJsonObject(input) && schema.validate(parse(input)).isEmpty();
            assertThat(valid).as("%s accepted by the schema: %s", schemaName, input).isEqualTo(!rejected.contains(input));
        }
    }

    private static void assertValid(String schemaName, List<String> records) {
        JsonSchema schema = schema(schemaName);
        assertThat(records).isNotEmpty().allSatisfy(record ->
                assertThat(schema.validate(parse(record))).as(record).isEmpty());
    }

    private static JsonSchema schema(String name) {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        return FACTORY.getSchema(SchemaLocation.of("https://upshift.dev/schemas/" + name + ".schema.json"), config);
    }

    private static List<String> lines(String file) throws IOException {
        return Files.readAllLines(SCENARIO.resolve(file)).stream().filter(line -> !line.isBlank()).toList();
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
