package dev.upshift.local;

import dev.upshift.common.json.InputParser;
import dev.upshift.common.model.InputRecord;
import dev.upshift.common.model.SourceRef;
import dev.upshift.jobs.runtime.io.InputKind;
import dev.upshift.jobs.runtime.io.InputRecordType;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * Reads a {@link ReplayFile} as input records, each against its own contract and pointing back at the file and line
 * (or topic, partition and offset) it came from, so that dead letters name the user's source. Not splittable: one reader, in the file's order.
 */
final class ReplayFormat extends SimpleStreamFormat<InputRecord> {
    private final InputParser parser;
    private final EnumMap<InputKind, String> sources;

    ReplayFormat(InputParser parser, Map<InputKind, String> sources) {
        this.parser = parser;
        this.sources = new EnumMap<>(sources);
    }

    @Override
    public Reader<InputRecord> createReader(Configuration config, FSDataInputStream stream) {
        DataInputStream in = new DataInputStream(new BufferedInputStream(stream, 1 << 16));
        return new Reader<>() {
            @Override
            public InputRecord read() throws IOException {
                ReplayRecord record = ReplayRecord.CODEC.read(in);
                if (record == null) {
                    return null;
                }
                SourceRef source = ReplayFile.source(sources.get(record.kind()), record.partition(), record.position());
                return record.kind().read(parser, record.key(), record.payload(), source);
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    @Override
    public TypeInformation<InputRecord> getProducedType() {
        return InputRecordType.INSTANCE;
    }
}
