package dev.upshift.jobs.runtime;

import dev.upshift.common.config.Delivery;
import dev.upshift.common.vault.KeyRing;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

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

    /**
     * The HMAC secret that signs unsubscribe links and Message-IDs, and keys the suppression list by address: every
     * job needs it, with delivery on or off, and it must outlive their state. Local runs whose state dies with the
     * JVM ({@link KeyRing#EPHEMERAL_PROPERTY}) may go without one: a secret made up for the JVM stands in.
     */
    public static byte[] agentSecret(Delivery delivery) {
        String variable = delivery.unsubscribe().secretEnv();
        String value = optional(variable);
        if (value == null && Boolean.getBoolean(KeyRing.EPHEMERAL_PROPERTY)) {
            return Ephemeral.SECRET.clone();
        }
        if (value == null) {
            throw new IllegalArgumentException("the agent's HMAC secret (unsubscribe links, Message-IDs, the suppression list's address "
                    + "keys) is not set: export " + variable + " (at least 16 bytes; keep it for the life of the suppression list)");
        }
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** One random secret per JVM: every operator of a local MiniCluster shares it. */
    private static final class Ephemeral {
        static final byte[] SECRET = new byte[32];

        static {
            new SecureRandom().nextBytes(SECRET);
        }
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
