package dev.upshift.common.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.util.OptionalLong;

/** Reads the ISO-8601 instants {@link IsoInstantSerializer} writes back into epoch milliseconds, through {@link Timestamps}. */
public final class IsoInstantDeserializer extends StdDeserializer<Long> {
    public IsoInstantDeserializer() {
        super(Long.class);
    }

    @Override
    public Long deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        String text = parser.getValueAsString();
        OptionalLong epochMillis = Timestamps.parse(text);
        return epochMillis.isPresent() ? epochMillis.getAsLong()
                : (Long) context.handleWeirdStringValue(Long.class, text, "expected " + Timestamps.expectation());
    }
}
