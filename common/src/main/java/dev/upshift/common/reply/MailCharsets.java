package dev.upshift.common.reply;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

/**
 * Text of a mail part in whatever charset it names, never an error: the JDK's charsets as they are, UTF-7 (RFC
 * 2152, which old Exchange servers still send and the JDK lacks) decoded here, no charset as UTF-8, and any other
 * name as ASCII with a replacement character for each byte it cannot know.
 */
public final class MailCharsets {
    private static final Set<String> UTF_7 = Set.of("utf-7", "unicode-1-1-utf-7", "x-unicode-2-0-utf-7", "csunicode11utf7");
    private static final char REPLACEMENT = '\uFFFD';

    private MailCharsets() {}

    public static String decode(byte[] bytes, String charsetName) {
        if (charsetName == null || charsetName.isBlank()) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        String name = charsetName.strip().replace("\"", "").toLowerCase(Locale.ROOT);
        if (UTF_7.contains(name)) {
            return utf7(bytes);
        }
        try {
            return new String(bytes, Charset.forName(name));
        } catch (IllegalArgumentException e) { // an illegal or unsupported name
            return asciiOrReplacement(bytes);
        }
    }

    private static String asciiOrReplacement(byte[] bytes) {
        StringBuilder text = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            text.append(b >= 0 ? (char) b : REPLACEMENT);
        }
        return text.toString();
    }

    /** RFC 2152: ASCII as itself, {@code +} opens modified base64 of UTF-16BE up to the first non-base64 byte, {@code +-} is a plus. */
    static String utf7(byte[] bytes) {
        StringBuilder text = new StringBuilder(bytes.length);
        int i = 0;
        while (i < bytes.length) {
            byte b = bytes[i++];
            if (b != '+') {
                text.append(b >= 0 ? (char) b : REPLACEMENT);
                continue;
            }
            int start = i;
            while (i < bytes.length && isBase64(bytes[i])) {
                i++;
            }
            if (i == start) {
                text.append('+');
            } else {
                text.append(utf16(bytes, start, i));
            }
            if (i < bytes.length && bytes[i] == '-') {
                i++; // the optional end of the shifted run
            }
        }
        return text.toString();
    }

    private static String utf16(byte[] bytes, int from, int to) {
        ByteArrayOutputStream padded = new ByteArrayOutputStream();
        padded.write(bytes, from, to - from);
        int usable = (to - from) / 4 * 4 + ((to - from) % 4 >= 2 ? 4 : 0);
        while (padded.size() < usable) {
            padded.write('=');
        }
        byte[] base64 = padded.toByteArray();
        try {
            byte[] utf16 = Base64.getDecoder().decode(java.util.Arrays.copyOf(base64, usable));
            return new String(utf16, 0, utf16.length / 2 * 2, StandardCharsets.UTF_16BE);
        } catch (IllegalArgumentException e) {
            return String.valueOf(REPLACEMENT);
        }
    }

    private static boolean isBase64(byte b) {
        return b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '+' || b == '/';
    }
}
