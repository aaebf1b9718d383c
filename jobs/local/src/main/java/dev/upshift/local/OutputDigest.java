package dev.upshift.local;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A short fingerprint of an output topic's records, whatever order its partitions were read in: two runs that wrote
 * byte-identical records have the same digest. The bench prints one per output, so that a change made for speed
 * can show it changed no result.
 */
final class OutputDigest {
    private OutputDigest() {}

    /** SHA-256 over the records sorted and joined by newlines; the first 16 hex digits. */
    static String of(List<String> records) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            records.stream().sorted().forEach(record -> {
                sha256.update(record.getBytes(StandardCharsets.UTF_8));
                sha256.update((byte) '\n');
            });
            return HexFormat.of().formatHex(sha256.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
