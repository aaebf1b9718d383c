package dev.upshift.common.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
        return overlay(file.toString(), readTree(file));
    }

    /**
     * The settings a file gives, the defaults filled in, as a tree: what a comparison of two playbooks lists the
     * differences of. Null for the shipped defaults alone. Call {@link #load} first: this does not validate.
     */
    public static ObjectNode effectiveTree(Path file) {
        ObjectNode defaults = (ObjectNode) readDefaults();
        JsonNode overlay = file == null ? null : readTree(file);
        return overlay instanceof ObjectNode object ? merge(defaults, object) : defaults;
    }

    private static JsonNode readTree(Path file) {
        String name = file.toString();
        try {
            return YAML.readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            throw new ConfigException(name, "(file)", "not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException(name, "(file)", "cannot be read: " + e);
        }
    }

    /** The defaults overlaid with YAML text; {@code origin} names it in errors. */
    public static UpshiftConfig load(String origin, String yaml) {
        try {
            return overlay(origin, YAML.readTree(yaml));
        } catch (JsonProcessingException e) {
            throw new ConfigException(origin, "(file)", "not valid YAML: " + e.getOriginalMessage());
        }
    }

    private static UpshiftConfig overlay(String name, JsonNode overlay) {
        if (overlay == null || overlay.isMissingNode() || overlay.isNull()) {
            return bind(name, readDefaults());
        }
        if (!overlay.isObject()) {
            return bind(name, overlay);
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

    /** Overlays one config tree on another, as the loader does with a user file: objects merge key by key, anything else replaces. */
    public static ObjectNode merge(ObjectNode base, ObjectNode overlay) {
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

    /** Binds the tree and checks the values; every problem found is reported together. */
    private static UpshiftConfig bind(String file, JsonNode tree) {
        if (tree.isObject()) {
            stampVersion((ObjectNode) tree);
        }
        List<ConfigException.Problem> problems = new ArrayList<>();
        UpshiftConfig config = ConfigBinder.bind(file, YAML, tree, problems);
        if (config != null) {
            Set<String> reported = problems.stream().map(ConfigException.Problem::path).collect(Collectors.toSet());
            problems.addAll(ConfigValidator.problems(file, config, reported));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return config;
    }

    /** The label becomes {@code label+fingerprint}: two configs with the same label but different content differ. */
    private static void stampVersion(ObjectNode tree) {
        JsonNode label = tree.get("version");
        String text = label == null || label.isNull() ? "unlabelled" : label.asText();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(tree.toString().getBytes(StandardCharsets.UTF_8));
            tree.put("version", text + "+" + HexFormat.of().formatHex(digest, 0, 6));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
