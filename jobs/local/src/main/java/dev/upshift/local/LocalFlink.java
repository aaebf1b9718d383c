package dev.upshift.local;

import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.vault.KeyRing;
import dev.upshift.jobs.runtime.FlinkSettings;
import java.nio.file.Path;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** A local MiniCluster environment with the job's Flink options, RocksDB and file checkpoints in {@code workDir}. */
final class LocalFlink {
    static final String LOCAL_MANAGED_MEMORY = "1g";
    static final String LOCAL_NETWORK_MEMORY = "128m";

    private LocalFlink() {}

    static StreamExecutionEnvironment environment(UpshiftConfig config, Path workDir) {
        return StreamExecutionEnvironment.getExecutionEnvironment(configuration(config, workDir));
    }

    /** With the MiniCluster's REST API on {@code restPort}, for a caller that reads the job's statistics. */
    static StreamExecutionEnvironment environment(UpshiftConfig config, Path workDir, int restPort) {
        Configuration conf = configuration(config, workDir);
        conf.setString("rest.port", Integer.toString(restPort));
        return StreamExecutionEnvironment.getExecutionEnvironment(conf);
    }

    /** For a bounded replay that never restarts: periodic checkpoints would only cost time. */
    static StreamExecutionEnvironment environmentWithoutCheckpoints(UpshiftConfig config, Path workDir) {
        Configuration conf = configuration(config, workDir);
        conf.removeConfig(CheckpointingOptions.CHECKPOINTING_INTERVAL);
        return StreamExecutionEnvironment.getExecutionEnvironment(conf);
    }

    private static Configuration configuration(UpshiftConfig config, Path workDir) {
        // The MiniCluster's state dies with this JVM, so account terms may be sealed with a key made up for it.
        System.setProperty(KeyRing.EPHEMERAL_PROPERTY, "true");
        Configuration conf = FlinkSettings.of(config);
        conf.setString("execution.checkpointing.dir", workDir.resolve("checkpoints").toUri().toString());
        conf.setString("state.backend.rocksdb.localdir", workDir.resolve("rocksdb").toString());
        conf.setString("io.tmp.dirs", workDir.resolve("tmp").toString());
        conf.setString("rest.port", "0");
        // RocksDB's block caches and write buffers come out of managed memory, shared by every stateful
        // operator; the MiniCluster default (128 MiB) leaves each a few MiB and turns reads into file reads.
        conf.setString("taskmanager.memory.managed.size", LOCAL_MANAGED_MEMORY);
        // The MiniCluster's 64 MiB of network buffers ran short once the graph gained the suppression list's channels.
        conf.setString("taskmanager.memory.network.min", LOCAL_NETWORK_MEMORY);
        conf.setString("taskmanager.memory.network.max", LOCAL_NETWORK_MEMORY);
        return conf;
    }
}
