package dev.upshift.common.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.Instant;

/** Writes epoch milliseconds as ISO-8601 instants, the form the contracts use for every timestamp. */
public final class IsoInstantSerializer extends StdSerializer<Long> {
    public IsoInstantSerializer() {
        super(Long.class);
    }

    @Override
    public void serialize(Long epochMillis, JsonGenerator gen, SerializerProvider provider) throws IOException {
        gen.writeString(Instant.ofEpochMilli(epochMillis).toString());
    }
}
