package dev.upshift.jobs.runtime;

import dev.upshift.common.config.UpshiftConfig;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/** The Flink options a job runs with: the config's {@code flink:} section over any base configuration. */
public final class FlinkSettings {
    private FlinkSettings() {}

    public static Configuration of(UpshiftConfig config) {
        return overlay(new Configuration(), config.flink());
    }

    public static Configuration overlay(Configuration base, Map<String, String> options) {
        Configuration result = new Configuration(base);
        options.forEach(result::setString);
        return result;
    }
}
