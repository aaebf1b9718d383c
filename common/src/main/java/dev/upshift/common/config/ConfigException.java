package dev.upshift.common.config;

/** A config file that cannot be used: the message names the file, the path inside it, and what was expected. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String file, String path, String problem) {
        super(file + ": at '" + path + "': " + problem);
    }
}
