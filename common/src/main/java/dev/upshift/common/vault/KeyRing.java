package dev.upshift.common.vault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256 keys by id. The first key encrypts; every key decrypts, so a key is rotated by putting a new one
 * first and keeping the old one until the state sealed with it has been rewritten.
 *
 * <p>Text form (environment variable or file): {@code keyId:base64Key}, entries separated by commas or lines.
 * Key material never appears in messages or {@link #toString()}.
 */
public final class KeyRing {
    public static final String ENVIRONMENT_VARIABLE = "UPSHIFT_VAULT_KEYS";
    /** Set by local runs (demo, backtest, bench, tests): their state dies with the JVM, so a random key will do. */
    public static final String EPHEMERAL_PROPERTY = "upshift.vault.ephemeral";
    private static final int KEY_BYTES = 32;

    private final String activeKeyId;
    private final Map<String, SecretKey> keys;

    private KeyRing(Map<String, SecretKey> keys) {
        this.keys = keys;
        this.activeKeyId = keys.keySet().iterator().next();
    }

    /** Parses the text form; {@code origin} names where it came from, for error messages. */
    public static KeyRing parse(String text, String origin) {
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        int position = 0;
        for (String entry : text.split("[,\\n]")) {
            position++;
            String trimmed = entry.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int colon = trimmed.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException(origin + ": entry " + position + " is not keyId:base64Key");
            }
            String id = trimmed.substring(0, colon);
            byte[] key;
            try {
                key = Base64.getDecoder().decode(trimmed.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(origin + ": key '" + id + "' is not valid base64");
            }
            if (key.length != KEY_BYTES) {
                throw new IllegalArgumentException(origin + ": key '" + id + "' must be " + KEY_BYTES + " bytes (AES-256), got " + key.length);
            }
            if (keys.put(id, new SecretKeySpec(key, "AES")) != null) {
                throw new IllegalArgumentException(origin + ": key id '" + id + "' appears twice");
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(origin + ": no keys; expected keyId:base64Key entries");
        }
        return new KeyRing(keys);
    }

    /**
     * The keys for this process: {@value #ENVIRONMENT_VARIABLE} if set, else {@code keyFile} if given, else a
     * key made up for this JVM when {@code ephemeralAllowed} (local runs whose state dies with them).
     */
    public static KeyRing load(String keyFile, boolean ephemeralAllowed) {
        String fromEnvironment = System.getenv(ENVIRONMENT_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return parse(fromEnvironment, "environment variable " + ENVIRONMENT_VARIABLE);
        }
        if (keyFile != null && !keyFile.isBlank()) {
            try {
                return parse(Files.readString(Path.of(keyFile), StandardCharsets.UTF_8), "vault.keyFile " + keyFile);
            } catch (IOException e) {
                throw new IllegalArgumentException("vault.keyFile " + keyFile + " cannot be read: " + e.getMessage());
            }
        }
        if (ephemeralAllowed) {
            return Ephemeral.RING;
        }
        throw new IllegalArgumentException("no vault key: set " + ENVIRONMENT_VARIABLE + " or vault.keyFile (keyId:base64Key, "
                + KEY_BYTES + "-byte AES keys); account terms are encrypted in state and need a key that survives restarts");
    }

    /** A fresh random key in the text form, for {@code ./upshift} users setting up a deployment. */
    public static String generate(String keyId) {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return keyId + ":" + Base64.getEncoder().encodeToString(key);
    }

    String activeKeyId() {
        return activeKeyId;
    }

    SecretKey active() {
        return keys.get(activeKeyId);
    }

    SecretKey key(String keyId) {
        SecretKey key = keys.get(keyId);
        if (key == null) {
            throw new IllegalStateException("state was sealed with vault key '" + keyId + "', which is not in the key ring "
                    + List.copyOf(keys.keySet()) + "; keep retired keys until their state is rewritten");
        }
        return key;
    }

    @Override
    public String toString() {
        return "KeyRing" + List.copyOf(keys.keySet());
    }

    /** One random key per JVM: every operator of a local MiniCluster shares it. */
    private static final class Ephemeral {
        static final KeyRing RING = parse(generate("local"), "ephemeral");
    }
}
