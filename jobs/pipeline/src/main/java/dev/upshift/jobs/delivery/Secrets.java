package dev.upshift.jobs.delivery;

import dev.upshift.common.config.Delivery;
import java.nio.charset.StandardCharsets;

/**
 * Secrets come from the environment variables the config names; their values are never logged or echoed.
 * A JVM system property of the same name stands in when the variable is unset: the local tools use it for
 * secrets they generate per run, since a running JVM cannot set its own environment.
 */
public final class Secrets {
    private Secrets() {}

    public static String required(String variable, String what) {
        String value = optional(variable);
        if (value == null) {
            throw new IllegalArgumentException(what + " is not set: export " + variable + " (delivery is enabled)");
        }
        return value;
    }

    /** The HMAC secret that signs unsubscribe links, Message-IDs and address keys. */
    public static byte[] agentSecret(Delivery delivery) {
        return required(delivery.unsubscribe().secretEnv(), "the agent's HMAC secret (unsubscribe links, Message-IDs)")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The value, or null when neither the variable nor the property is set. */
    public static String optional(String variable) {
        String value = System.getenv(variable);
        if (value == null || value.isEmpty()) {
            value = System.getProperty(variable);
        }
        return value == null || value.isEmpty() ? null : value;
    }
}
