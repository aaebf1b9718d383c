package dev.upshift.common.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A config file that cannot be used. Each problem names the file, the path inside it, and what was expected;
 * every problem found is reported, one per line, so a file is fixed in one round.
 */
public final class ConfigException extends RuntimeException {
    /** One thing wrong with a config file. */
    public record Problem(String file, String path, String expectation) {
        @Override
        public String toString() {
            return file + ": at '" + path + "': " + expectation;
        }
    }

    private final List<Problem> problems;

    public ConfigException(String file, String path, String expectation) {
        this(List.of(new Problem(file, path, expectation)));
    }

    public ConfigException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
