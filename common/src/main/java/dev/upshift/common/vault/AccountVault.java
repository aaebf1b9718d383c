package dev.upshift.common.vault;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.upshift.common.json.Json;
import dev.upshift.common.model.Account;
import dev.upshift.common.model.Contact;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals an account's sensitive fields (contact, discount, billing terms) with AES-GCM before it goes into
 * state, and opens them when a decision needs them. The account id is authenticated as associated data, so
 * sealed terms cannot be moved to another account.
 *
 * <p>Sealed form: {@code keyId.base64(iv || ciphertext+tag)}.
 */
public final class AccountVault {
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyRing keys;

    /**
     * The vault operators open where they run: keys from the environment or {@code keyFile}, or a per-JVM key
     * when the local tools allowed one ({@link KeyRing#EPHEMERAL_PROPERTY}).
     */
    public static AccountVault forOperators(String keyFile) {
        return new AccountVault(KeyRing.load(keyFile, Boolean.getBoolean(KeyRing.EPHEMERAL_PROPERTY)));
    }

    public AccountVault(KeyRing keys) {
        this.keys = keys;
    }

    /** The sensitive fields, as one JSON document inside the seal. */
    public static class Terms {
        public Contact contact;
        public Double discountPct;
        public Map<String, String> terms;

        public Terms() {}
    }

    /** A copy of the account with its sensitive fields moved into {@link Account#sealed}. */
    public Account seal(Account plain) {
        Account account = plain.copy();
        Terms terms = new Terms();
        terms.contact = account.contact;
        terms.discountPct = account.discountPct;
        terms.terms = account.terms;
        account.contact = null;
        account.discountPct = null;
        account.terms = null;
        account.sealed = encrypt(Json.toText(terms).getBytes(StandardCharsets.UTF_8), account.accountId);
        return account;
    }

    /** A copy of a sealed account with its sensitive fields restored; for in-memory use only. */
    public Account open(Account sealed) {
        Account account = sealed.copy();
        if (sealed.sealed == null) {
            return account;
        }
        try {
            Terms terms = Json.MAPPER.readValue(decrypt(sealed.sealed, sealed.accountId), Terms.class);
            account.contact = terms.contact;
            account.discountPct = terms.discountPct;
            account.terms = terms.terms;
            account.sealed = null;
            return account;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("sealed terms of account " + sealed.accountId + " are not the expected document");
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read sealed terms of account " + sealed.accountId);
        }
    }

    private String encrypt(byte[] plaintext, String accountId) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.active(), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(accountId.getBytes(StandardCharsets.UTF_8));
            byte[] ciphertext = cipher.doFinal(plaintext);
            byte[] sealed = ByteBuffer.allocate(iv.length + ciphertext.length).put(iv).put(ciphertext).array();
            return keys.activeKeyId() + "." + Base64.getEncoder().encodeToString(sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed: " + e.getClass().getSimpleName());
        }
    }

    private byte[] decrypt(String sealed, String accountId) {
        int dot = sealed.indexOf('.');
        byte[] bytes = Base64.getDecoder().decode(sealed.substring(dot + 1));
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, keys.key(sealed.substring(0, dot)), new GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES));
            cipher.updateAAD(accountId.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealed terms of account " + accountId + " fail authentication (wrong key or tampered)");
        }
    }
}
