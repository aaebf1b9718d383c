package dev.upshift.console;

import java.time.Duration;
import picocli.CommandLine.Option;

/** The {@code --attribution-window} option the console and the static report share. */
final class AttributionOption {
    @Option(names = "--attribution-window", defaultValue = "P30D",
            description = "How long after a decision an acceptance or upgrade counts as its conversion (default: ${DEFAULT-VALUE})")
    Duration window;
}
