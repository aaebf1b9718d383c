package dev.upshift.jobs.runtime.io;

import dev.upshift.common.model.Account;
import dev.upshift.common.model.Approval;
import dev.upshift.common.model.DeadLetter;
import dev.upshift.common.model.Feedback;
import dev.upshift.common.model.InputRecord;
import dev.upshift.common.model.Suppression;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** The type of every parsed input stream: {@link InputRecord}s with the {@link InputRecordSerializer}. */
public final class InputRecordType extends TypeInformation<InputRecord> {
    public static final InputRecordType INSTANCE = new InputRecordType();

    private InputRecordType() {}

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<InputRecord> getTypeClass() {
        return InputRecord.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<InputRecord> createSerializer(SerializerConfig config) {
        return new InputRecordSerializer(Types.POJO(Account.class).createSerializer(config), Types.POJO(Feedback.class).createSerializer(config),
                Types.POJO(Approval.class).createSerializer(config), Types.POJO(Suppression.class).createSerializer(config),
                Types.POJO(DeadLetter.class).createSerializer(config));
    }

    @Override
    public String toString() {
        return "InputRecordType";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputRecordType;
    }

    @Override
    public int hashCode() {
        return InputRecordType.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof InputRecordType;
    }
}
