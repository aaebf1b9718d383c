package dev.upshift.jobs.runtime;

import dev.upshift.common.config.ConfigLoader;
import dev.upshift.common.config.UpshiftConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config} option every command shares: a YAML file overlaid on the shipped defaults. */
public final class ConfigOption {
    @Option(names = "--config", description = "YAML file overlaid on the shipped defaults (see docs/configuration.md)")
    Path file;

    public UpshiftConfig load() {
        return file == null ? ConfigLoader.defaults() : ConfigLoader.load(file);
    }

    /** The file given; null for the shipped defaults. */
    public Path file() {
        return file;
    }

    /** Which config this is, for messages. */
    public String describe() {
        return file == null ? "the shipped defaults" : file + " over the shipped defaults";
    }
}
