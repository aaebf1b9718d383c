package dev.upshift.common.config;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Binds a config tree to its records field by field, recursing into nested records, so that one bad value
 * hides no other problem: each is collected with its path. Values inside lists and maps are bound by Jackson
 * as a whole, reporting the first problem in them.
 */
final class ConfigBinder {
    private final String file;
    private final ObjectMapper mapper;
    private final List<ConfigException.Problem> problems = new ArrayList<>();

    private ConfigBinder(String file, ObjectMapper mapper) {
        this.file = file;
        this.mapper = mapper;
    }

    /** The bound config; it may have null parts where binding failed, each with a problem in {@code problems}. */
    static UpshiftConfig bind(String file, ObjectMapper mapper, JsonNode tree, List<ConfigException.Problem> problems) {
        ConfigBinder binder = new ConfigBinder(file, mapper);
        UpshiftConfig config = (UpshiftConfig) binder.bindRecord(UpshiftConfig.class, tree, "");
        problems.addAll(binder.problems);
        return config;
    }

    private Object bindRecord(Class<?> type, JsonNode node, String path) {
        if (!node.isObject()) {
            problem(path.isEmpty() ? "(root)" : path, "expected a mapping of keys, got " + describe(node));
            return null;
        }
        RecordComponent[] components = type.getRecordComponents();
        Set<String> known = Arrays.stream(components).map(RecordComponent::getName).collect(Collectors.toCollection(TreeSet::new));
        node.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                problem(join(path, name), "unknown key '" + name + "'; expected one of: " + String.join(", ", known));
            }
        });
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            values[i] = bindValue(components[i].getGenericType(), node.get(components[i].getName()), join(path, components[i].getName()));
            if (values[i] == null && components[i].getType().isPrimitive()) {
                return null;
            }
        }
        try {
            Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
            return type.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + type.getSimpleName(), e);
        }
    }

    private Object bindValue(Type type, JsonNode node, String path) {
        if (node == null || node.isNull()) {
            problem(path, "expected a value here, found none");
            return null;
        }
        JavaType javaType = mapper.getTypeFactory().constructType(type);
        if (javaType.getRawClass().isRecord() && node.isObject()) {
            return bindRecord(javaType.getRawClass(), node, path);
        }
        try {
            return mapper.readerFor(javaType).readValue(mapper.treeAsTokens(node));
        } catch (UnrecognizedPropertyException e) {
            String expected = e.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", "));
            problem(pathOf(path, e), "unknown key '" + e.getPropertyName() + "'; expected one of: " + expected);
        } catch (JsonMappingException e) {
            problem(pathOf(path, e), e.getPath().isEmpty() ? expectation(javaType.getRawClass(), node, e) : expectation(e));
        } catch (IOException e) {
            problem(path, e.getMessage());
        }
        return null;
    }

    /** A scalar that is not what the key needs: say what it needs and what it got. */
    private static String expectation(Class<?> type, JsonNode node, JsonMappingException e) {
        if (type == Duration.class) {
            return "expected an ISO-8601 duration such as PT10M or P30D, got " + describe(node);
        }
        if (type == int.class || type == Integer.class) {
            return "expected a whole number, got " + describe(node);
        }
        if (type == double.class || type == Double.class) {
            return "expected a number, got " + describe(node);
        }
        if (type == boolean.class || type == Boolean.class) {
            return "expected true or false, got " + describe(node);
        }
        return expectation(e);
    }

    private static String expectation(JsonMappingException e) {
        String message = e.getOriginalMessage();
        if (message.startsWith("Cannot map `null`")) {
            return "expected a value here, found none";
        }
        if (message.contains("MetricKind")) {
            return "expected 'counter' or 'gauge'; " + firstLine(message);
        }
        if (message.contains("java.time.Duration")) {
            return "expected an ISO-8601 duration such as PT10M or P30D; " + firstLine(message);
        }
        return firstLine(message);
    }

    private static String describe(JsonNode node) {
        return node.isValueNode() ? "'" + node.asText() + "'" : "a " + node.getNodeType().toString().toLowerCase();
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    private static String pathOf(String base, JsonMappingException e) {
        StringBuilder path = new StringBuilder(base);
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append('.').append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private void problem(String path, String expectation) {
        problems.add(new ConfigException.Problem(file, path, expectation));
    }
}
