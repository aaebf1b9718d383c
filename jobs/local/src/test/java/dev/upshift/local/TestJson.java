package dev.upshift.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upshift.common.json.Json;
import java.io.IOException;

/** Reads a JSON line in a test: strictly, failing the test on anything that is not JSON, or leniently. */
final class TestJson {
    private TestJson() {}

    static JsonNode parse(String line) {
        return Json.tree(line);
    }

    /** The line as JSON, or null when it is not (scenarios plant bad input on purpose). */
    static JsonNode parseLenient(String line) {
        try {
            return Json.MAPPER.readTree(line);
        } catch (IOException e) {
            return null;
        }
    }
}
