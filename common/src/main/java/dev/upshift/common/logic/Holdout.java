package dev.upshift.common.logic;

import dev.upshift.common.config.UpshiftConfig;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Which accounts are held out: a hash of the salt and the account id, so the same account always lands in
 * the same group, on every run and every machine, and changing the salt reshuffles everyone.
 */
public final class Holdout implements Serializable {
    private static final long BUCKETS = 1_000_000;

    private final long heldOutBuckets;
    private final String salt;

    public Holdout(UpshiftConfig.Holdout settings) {
        this.heldOutBuckets = Math.round(settings.fraction() * BUCKETS);
        this.salt = settings.salt();
    }

    public boolean isHeldOut(String accountId) {
        return bucket(accountId) < heldOutBuckets;
    }

    private long bucket(String accountId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((salt + ':' + accountId).getBytes(StandardCharsets.UTF_8));
            return Long.remainderUnsigned(ByteBuffer.wrap(digest).getLong(), BUCKETS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
