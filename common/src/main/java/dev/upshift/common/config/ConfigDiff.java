package dev.upshift.common.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The settings two configs set differently, as a list a person reads: {@code guardrails.cooldown: P30D → P45D}.
 * Objects are compared key by key; a list or a value is one setting, shown whole.
 */
public final class ConfigDiff {
    /** Shown for a setting one side does not have. */
    public static final String NOT_SET = "(not set)";

    /** A setting's path, dotted, and its value on each side. */
    public record Change(String path, String a, String b) {}

    private ConfigDiff() {}

    public static List<Change> between(JsonNode a, JsonNode b) {
        List<Change> changes = new ArrayList<>();
        compare("", a, b, changes);
        return changes;
    }

    private static void compare(String path, JsonNode a, JsonNode b, List<Change> changes) {
        if (a != null && b != null && a.isObject() && b.isObject()) {
            Set<String> keys = new LinkedHashSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            for (Iterator<String> names = b.fieldNames(); names.hasNext(); ) {
                keys.add(names.next());
            }
            for (String key : keys) {
                compare(path.isEmpty() ? key : path + "." + key, a.get(key), b.get(key), changes);
            }
        } else if (!equal(a, b)) {
            changes.add(new Change(path, text(a), text(b)));
        }
    }

    /** Equal values, a number written as 2 or 2.0 alike. */
    private static boolean equal(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static String text(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return NOT_SET;
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }
}
