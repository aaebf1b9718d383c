package dev.upshift.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/** Where a record came from: a Kafka topic/partition/offset, a file and line, or a mailbox, its UIDVALIDITY and a UID. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SourceRef {
    public String topic;
    public Integer partition;
    public Long offset;
    public String file;
    public Long line;
    public String mailbox;
    public Long uidValidity;
    public Long uid;

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

    public static SourceRef imap(String mailbox, long uidValidity, long uid) {
        SourceRef ref = new SourceRef();
        ref.mailbox = mailbox;
        ref.uidValidity = uidValidity;
        ref.uid = uid;
        return ref;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SourceRef other
                && Objects.equals(topic, other.topic)
                && Objects.equals(partition, other.partition)
                && Objects.equals(offset, other.offset)
                && Objects.equals(file, other.file)
                && Objects.equals(line, other.line)
                && Objects.equals(mailbox, other.mailbox)
                && Objects.equals(uidValidity, other.uidValidity)
                && Objects.equals(uid, other.uid);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, partition, offset, file, line, mailbox, uidValidity, uid);
    }

    @Override
    public String toString() {
        if (mailbox != null) {
            return mailbox + "/" + uidValidity + "/" + uid;
        }
        return file != null ? file + ":" + line : topic + "/" + partition + "@" + offset;
    }
}
