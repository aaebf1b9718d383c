package dev.upshift.jobs.delivery;

import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.model.MailDraft;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Sends mail effectively once. The writer only collects each checkpoint's mails; they become committables in
 * that checkpoint, and the committer sends them once the checkpoint has completed, so a failure before that
 * replays them from the previous checkpoint instead of sending twice. The delivery journal records every send
 * before the committer moves on, so a restart, a replay or a re-submitted job skips what already went out.
 */
public final class MailSink implements Sink<MailDraft>, SupportsCommitter<MailDraft> {
    private final UpshiftConfig config;
    private final DeliveryJournal.Factory journal;

    public MailSink(UpshiftConfig config, DeliveryJournal.Factory journal) {
        this.config = config;
        this.journal = journal;
    }

    @Override
    public SinkWriter<MailDraft> createWriter(WriterInitContext context) {
        return new CollectingWriter();
    }

    @Override
    public Committer<MailDraft> createCommitter(CommitterInitContext context) {
        return new MailCommitter(config, journal.open(context.getTaskInfo().getIndexOfThisSubtask()), context.metricGroup());
    }

    @Override
    public SimpleVersionedSerializer<MailDraft> getCommittableSerializer() {
        return new CommittableSerializer();
    }

    /** Holds the mails of the running checkpoint; they are handed to the committer when it is taken. */
    private static final class CollectingWriter implements CommittingSinkWriter<MailDraft, MailDraft> {
        private final List<MailDraft> pending = new ArrayList<>();

        @Override
        public void write(MailDraft mail, Context context) {
            pending.add(mail);
        }

        @Override
        public void flush(boolean endOfInput) {
            // nothing is written before the commit
        }

        @Override
        public Collection<MailDraft> prepareCommit() {
            List<MailDraft> committables = new ArrayList<>(pending);
            pending.clear();
            return committables;
        }

        @Override
        public void close() {
            pending.clear();
        }
    }

    /** Committables are checkpointed with the same POJO serializer as state: no Kryo, no JSON round trip. */
    static final class CommittableSerializer implements SimpleVersionedSerializer<MailDraft> {
        private final TypeSerializer<MailDraft> serializer = Types.POJO(MailDraft.class).createSerializer(new SerializerConfigImpl());

        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(MailDraft mail) throws IOException {
            DataOutputSerializer out = new DataOutputSerializer(1024);
            serializer.serialize(mail, out);
            return out.getCopyOfBuffer();
        }

        @Override
        public MailDraft deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1) {
                throw new IOException("unknown committable version " + version);
            }
            return serializer.deserialize(new DataInputDeserializer(serialized));
        }
    }
}
