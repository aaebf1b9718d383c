package dev.upshift.common.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Collectors;

/** Loads the shipped defaults, overlays an optional user file, and validates the result. */
public final class ConfigLoader {
    public static final String DEFAULTS_RESOURCE = "upshift-defaults.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);

    private ConfigLoader() {}

    public static UpshiftConfig defaults() {
        return bind(DEFAULTS_RESOURCE, readDefaults());
    }

    /** The defaults overlaid with {@code file}: objects merge key by key, anything else replaces. */
    public static UpshiftConfig load(Path file) {
        String name = file.toString();
        JsonNode overlay;
        try {
            overlay = YAML.readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            throw new ConfigException(name, "(file)", "not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException(name, "(file)", "cannot be read: " + e);
        }
        if (overlay == null || overlay.isMissingNode() || overlay.isNull()) {
            return bind(name, readDefaults());
        }
        if (!overlay.isObject()) {
            throw new ConfigException(name, "(root)", "expected a mapping of sections, got " + overlay.getNodeType());
        }
        return bind(name, merge((ObjectNode) readDefaults(), (ObjectNode) overlay));
    }

    private static JsonNode readDefaults() {
        try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS_RESOURCE + " is missing from the classpath");
            }
            return YAML.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DEFAULTS_RESOURCE, e);
        }
    }

    private static ObjectNode merge(ObjectNode base, ObjectNode overlay) {
        for (Iterator<Map.Entry<String, JsonNode>> it = overlay.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode current = base.get(field.getKey());
            if (current instanceof ObjectNode currentObject && field.getValue() instanceof ObjectNode overlayObject) {
                merge(currentObject, overlayObject);
            } else {
                base.set(field.getKey(), field.getValue());
            }
        }
        return base;
    }

    private static UpshiftConfig bind(String file, JsonNode tree) {
        UpshiftConfig config;
        try {
            config = YAML.treeToValue(tree, UpshiftConfig.class);
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", "));
            throw new ConfigException(file, pathOf(e), "unknown key '" + e.getPropertyName() + "'; expected one of: " + known);
        } catch (JsonMappingException e) {
            throw new ConfigException(file, pathOf(e), expectationOf(e));
        } catch (JsonProcessingException e) {
            throw new ConfigException(file, "(root)", e.getOriginalMessage());
        }
        ConfigValidator.validate(file, config);
        return config;
    }

    private static String expectationOf(JsonMappingException e) {
        String message = e.getOriginalMessage();
        if (message.contains("java.time.Duration")) {
            return "expected an ISO-8601 duration such as PT10M or P30D; " + firstLine(message);
        }
        if (message.startsWith("Cannot map `null`")) {
            return "expected a value here, found none";
        }
        if (message.contains("MetricKind")) {
            return "expected 'counter' or 'gauge'; " + firstLine(message);
        }
        return firstLine(message);
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "(root)" : path.toString();
    }
}
