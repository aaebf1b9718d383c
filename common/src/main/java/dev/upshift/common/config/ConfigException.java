package dev.upshift.common.config;

/** A config file that cannot be used: names the file, the path inside it, and what was expected. */
public final class ConfigException extends RuntimeException {
    private final String file;
    private final String path;

    public ConfigException(String file, String path, String problem) {
        super(file + ": at '" + path + "': " + problem);
        this.file = file;
        this.path = path;
    }

    public String file() {
        return file;
    }

    public String path() {
        return path;
    }
}
