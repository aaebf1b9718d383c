package dev.upshift.jobs.runtime.io;

import dev.upshift.common.model.Account;
import dev.upshift.common.model.Approval;
import dev.upshift.common.model.DeadLetter;
import dev.upshift.common.model.Feedback;
import dev.upshift.common.model.InputRecord;
import dev.upshift.common.model.Suppression;
import java.io.IOException;
import java.util.Objects;
import org.apache.flink.api.common.typeutils.CompositeTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * An input record as one byte for the kind of record it holds, then that record: usage events, nearly all of the
 * traffic, with {@link UsageEventSerializer}; the rare other kinds with their POJO serializers. The POJO
 * serializer of {@link InputRecord} wrote a null flag for each of its seven fields and read the set one by
 * reflection.
 */
public final class InputRecordSerializer extends TypeSerializer<InputRecord> {
    private static final byte EVENT = 0;
    private static final byte ACCOUNT = 1;
    private static final byte DELETION = 2;
    private static final byte FEEDBACK = 3;
    private static final byte APPROVAL = 4;
    private static final byte SUPPRESSION = 5;
    private static final byte DEAD_LETTER = 6;
    private static final byte NOTHING = 7;

    private final TypeSerializer<Account> accounts;
    private final TypeSerializer<Feedback> feedback;
    private final TypeSerializer<Approval> approvals;
    private final TypeSerializer<Suppression> suppressions;
    private final TypeSerializer<DeadLetter> deadLetters;

    public InputRecordSerializer(TypeSerializer<Account> accounts, TypeSerializer<Feedback> feedback, TypeSerializer<Approval> approvals,
            TypeSerializer<Suppression> suppressions, TypeSerializer<DeadLetter> deadLetters) {
        this.accounts = accounts;
        this.feedback = feedback;
        this.approvals = approvals;
        this.suppressions = suppressions;
        this.deadLetters = deadLetters;
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<InputRecord> duplicate() {
        return new InputRecordSerializer(accounts.duplicate(), feedback.duplicate(), approvals.duplicate(), suppressions.duplicate(),
                deadLetters.duplicate());
    }

    @Override
    public InputRecord createInstance() {
        return new InputRecord();
    }

    @Override
    public InputRecord copy(InputRecord from) {
        InputRecord copy = new InputRecord();
        copy.kind = from.kind;
        copy.event = from.event == null ? null : UsageEventSerializer.INSTANCE.copy(from.event);
        copy.account = from.account == null ? null : accounts.copy(from.account);
        copy.deletedAccountId = from.deletedAccountId;
        copy.feedback = from.feedback == null ? null : feedback.copy(from.feedback);
        copy.approval = from.approval == null ? null : approvals.copy(from.approval);
        copy.suppression = from.suppression == null ? null : suppressions.copy(from.suppression);
        copy.deadLetter = from.deadLetter == null ? null : deadLetters.copy(from.deadLetter);
        return copy;
    }

    @Override
    public InputRecord copy(InputRecord from, InputRecord reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(InputRecord record, DataOutputView out) throws IOException {
        if (record.kind == null) {
            out.writeByte(NOTHING);
            return;
        }
        switch (record.kind) {
            case EVENT -> {
                out.writeByte(EVENT);
                UsageEventSerializer.INSTANCE.serialize(record.event, out);
            }
            case ACCOUNT -> {
                out.writeByte(ACCOUNT);
                accounts.serialize(record.account, out);
            }
            case DELETION -> {
                out.writeByte(DELETION);
                StringValue.writeString(record.deletedAccountId, out);
            }
            case FEEDBACK -> {
                out.writeByte(FEEDBACK);
                feedback.serialize(record.feedback, out);
            }
            case APPROVAL -> {
                out.writeByte(APPROVAL);
                approvals.serialize(record.approval, out);
            }
            case SUPPRESSION -> {
                out.writeByte(SUPPRESSION);
                suppressions.serialize(record.suppression, out);
            }
            case DEAD_LETTER -> {
                out.writeByte(DEAD_LETTER);
                deadLetters.serialize(record.deadLetter, out);
            }
        }
    }

    @Override
    public InputRecord deserialize(DataInputView in) throws IOException {
        byte kind = in.readByte();
        return switch (kind) {
            case EVENT -> InputRecord.of(UsageEventSerializer.INSTANCE.deserialize(in));
            case ACCOUNT -> InputRecord.of(accounts.deserialize(in));
            case DELETION -> InputRecord.deletion(StringValue.readString(in));
            case FEEDBACK -> InputRecord.of(feedback.deserialize(in));
            case APPROVAL -> InputRecord.of(approvals.deserialize(in));
            case SUPPRESSION -> InputRecord.of(suppressions.deserialize(in));
            case DEAD_LETTER -> InputRecord.of(deadLetters.deserialize(in));
            case NOTHING -> new InputRecord();
            default -> throw new IOException("unknown input record kind " + kind + ": the stream is corrupt or was written by another version");
        };
    }

    @Override
    public InputRecord deserialize(InputRecord reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputRecordSerializer other
                && accounts.equals(other.accounts)
                && feedback.equals(other.feedback)
                && approvals.equals(other.approvals)
                && suppressions.equals(other.suppressions)
                && deadLetters.equals(other.deadLetters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(accounts, feedback, approvals, suppressions, deadLetters);
    }

    @Override
    public TypeSerializerSnapshot<InputRecord> snapshotConfiguration() {
        return new Snapshot(this);
    }

    /** The nested POJO serializers' snapshots; the format of the rest is fixed. */
    public static final class Snapshot extends CompositeTypeSerializerSnapshot<InputRecord, InputRecordSerializer> {
        public Snapshot() {}

        Snapshot(InputRecordSerializer serializer) {
            super(serializer);
        }

        @Override
        protected int getCurrentOuterSnapshotVersion() {
            return 1;
        }

        @Override
        protected TypeSerializer<?>[] getNestedSerializers(InputRecordSerializer outer) {
            return new TypeSerializer<?>[] {outer.accounts, outer.feedback, outer.approvals, outer.suppressions, outer.deadLetters};
        }

        @Override
        @SuppressWarnings("unchecked")
        protected InputRecordSerializer createOuterSerializerWithNestedSerializers(TypeSerializer<?>[] nested) {
            return new InputRecordSerializer((TypeSerializer<Account>) nested[0], (TypeSerializer<Feedback>) nested[1],
                    (TypeSerializer<Approval>) nested[2], (TypeSerializer<Suppression>) nested[3], (TypeSerializer<DeadLetter>) nested[4]);
        }
    }
}
