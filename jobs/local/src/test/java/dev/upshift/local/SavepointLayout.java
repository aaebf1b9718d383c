package dev.upshift.local;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.state.KeyGroupsStateHandle;
import org.apache.flink.runtime.state.KeyedBackendSerializationProxy;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.runtime.state.OperatorStateHandle;
import org.apache.flink.runtime.state.metainfo.StateMetaInfoSnapshot;
import org.apache.flink.streaming.api.graph.StreamGraphHasherV2;

/**
 * What a savepoint holds, as one line per operator uid and state name: {@code <uid> keyed <name>} for keyed state
 * (timers included, under Flink's own names), {@code <uid> operator <name>} for operator state. Read from the
 * savepoint's own metadata and the header of each keyed state file, so it lists what Flink wrote, not what the
 * code says it declares.
 */
final class SavepointLayout {
    private SavepointLayout() {}

    /** @param uids the job's operator uids: a savepoint names operators only by the hash of their uid */
    static List<String> of(Path savepoint, Collection<String> uids) throws IOException {
        Map<OperatorID, String> uidById = new HashMap<>();
        uids.forEach(uid -> uidById.put(new OperatorID(StreamGraphHasherV2.generateUserSpecifiedHash(uid)), uid));
        ClassLoader classLoader = SavepointLayout.class.getClassLoader();
        CheckpointMetadata metadata;
        try (DataInputStream in = new DataInputStream(Files.newInputStream(savepoint.resolve("_metadata")))) {
            metadata = Checkpoints.loadCheckpointMetadata(in, classLoader, savepoint.toUri().toString());
        }
        TreeSet<String> lines = new TreeSet<>();
        for (OperatorState operator : metadata.getOperatorStates()) {
            String uid = uidById.getOrDefault(operator.getOperatorID(), "operator-without-known-uid-" + operator.getOperatorID());
            for (OperatorSubtaskState subtask : operator.getStates()) {
                for (KeyedStateHandle handle : subtask.getManagedKeyedState()) {
                    for (StateMetaInfoSnapshot state : keyedStates((KeyGroupsStateHandle) handle, classLoader)) {
                        lines.add(uid + " keyed " + state.getName());
                    }
                }
                for (OperatorStateHandle handle : subtask.getManagedOperatorState()) {
                    handle.getStateNameToPartitionOffsets().keySet().forEach(name -> lines.add(uid + " operator " + name));
                }
            }
        }
        return List.copyOf(lines);
    }

    /** A full (canonical) snapshot starts with the meta data of every state it holds. */
    private static List<StateMetaInfoSnapshot> keyedStates(KeyGroupsStateHandle handle, ClassLoader classLoader) throws IOException {
        try (FSDataInputStream in = handle.openInputStream()) {
            KeyedBackendSerializationProxy<?> proxy = new KeyedBackendSerializationProxy<>(classLoader);
            proxy.read(new DataInputViewStreamWrapper(in));
            return proxy.getStateMetaInfoSnapshots();
        }
    }
}
