package dev.upshift.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/** Where a record came from: a Kafka topic/partition/offset, or a file and line. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SourceRef {
    public String topic;
    public Integer partition;
    public Long offset;
    public String file;
    public Long line;

    public SourceRef() {}

    public static SourceRef kafka(String topic, int partition, long offset) {
        SourceRef ref = new SourceRef();
        ref.topic = topic;
        ref.partition = partition;
        ref.offset = offset;
        return ref;
    }

    public static SourceRef file(String file, long line) {
        SourceRef ref = new SourceRef();
        ref.file = file;
        ref.line = line;
        return ref;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SourceRef other
                && Objects.equals(topic, other.topic)
                && Objects.equals(partition, other.partition)
                && Objects.equals(offset, other.offset)
                && Objects.equals(file, other.file)
                && Objects.equals(line, other.line);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, partition, offset, file, line);
    }

    @Override
    public String toString() {
        return file != null ? file + ":" + line : topic + "/" + partition + "@" + offset;
    }
}
