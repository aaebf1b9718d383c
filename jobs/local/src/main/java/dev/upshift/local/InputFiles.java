package dev.upshift.local;

import dev.upshift.jobs.runtime.io.InputKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * A backtest's input as JSON-lines files, plain or gzipped ({@code .gz}), one record per non-blank line.
 *
 * @param feedback offer outcomes; null for none
 */
record InputFiles(Path accounts, Path events, Path feedback) implements History {
    @Override
    public Map<InputKind, String> sources() {
        Map<InputKind, String> names = new EnumMap<>(InputKind.class);
        names.put(InputKind.ACCOUNTS, fileName(accounts));
        names.put(InputKind.EVENTS, fileName(events));
        if (feedback != null) {
            names.put(InputKind.FEEDBACK, fileName(feedback));
        }
        return names;
    }

    @Override
    public void read(InputKind kind, Progress progress, RecordSink sink) throws IOException {
        Path file = switch (kind) {
            case ACCOUNTS -> accounts;
            case EVENTS -> events;
            case FEEDBACK -> feedback;
            default -> null;
        };
        if (file == null) {
            return;
        }
        progress.say("Reading " + kind.name().toLowerCase(Locale.ROOT) + " from " + file);
        long lineNumber = 0;
        try (BufferedReader lines = open(file)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                lineNumber++;
                if (!line.isBlank()) {
                    sink.accept(ReplayRecord.FROM_FILE, lineNumber, null, line.getBytes(StandardCharsets.UTF_8));
                }
                if (progress.due()) {
                    progress.say(String.format("  %,d lines of %s read", lineNumber, fileName(file)));
                }
            }
        }
    }

    private static BufferedReader open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        if (fileName(file).endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    private static String fileName(Path file) {
        return file.getFileName().toString();
    }
}
