package dev.upshift.local;

/** Timestamped progress lines on stdout, relative to when the command started. */
final class Progress {
    private final long startNanos = System.nanoTime();

    void say(String message) {
        long seconds = (System.nanoTime() - startNanos) / 1_000_000_000L;
        System.out.printf("[%02d:%02d] %s%n", seconds / 60, seconds % 60, message);
    }

    double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
