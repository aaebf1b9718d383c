package dev.upshift.jobs.io;

import dev.upshift.common.json.InputParser;
import dev.upshift.common.model.InputRecord;
import dev.upshift.common.model.SourceRef;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * Reads one JSON-lines file as input records, numbering lines so dead letters can point at them. Not
 * splittable: a file is read in order by one reader, which keeps backtests deterministic.
 */
public final class JsonLinesFormat extends SimpleStreamFormat<InputRecord> {
    private final InputKind kind;
    private final InputParser parser;
    private final String fileName;

    public JsonLinesFormat(InputKind kind, InputParser parser, String fileName) {
        this.kind = kind;
        this.parser = parser;
        this.fileName = fileName;
    }

    @Override
    public Reader<InputRecord> createReader(Configuration config, FSDataInputStream stream) {
        BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
        return new Reader<>() {
            private long lineNumber;

            @Override
            public InputRecord read() throws IOException {
                String line;
                while ((line = lines.readLine()) != null) {
                    lineNumber++;
                    if (!line.isBlank()) {
                        SourceRef source = SourceRef.file(fileName, lineNumber);
                        return kind.read(parser, null, line.getBytes(StandardCharsets.UTF_8), source);
                    }
                }
                return null;
            }

            @Override
            public void close() throws IOException {
                lines.close();
            }
        };
    }

    @Override
    public TypeInformation<InputRecord> getProducedType() {
        return Types.POJO(InputRecord.class);
    }
}
