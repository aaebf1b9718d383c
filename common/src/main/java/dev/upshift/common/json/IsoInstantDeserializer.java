package dev.upshift.common.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Reads the ISO-8601 instants {@link IsoInstantSerializer} writes back into epoch milliseconds. */
public final class IsoInstantDeserializer extends StdDeserializer<Long> {
    public IsoInstantDeserializer() {
        super(Long.class);
    }

    @Override
    public Long deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        try {
            return Instant.parse(parser.getValueAsString()).toEpochMilli();
        } catch (DateTimeParseException e) {
            return (Long) context.handleWeirdStringValue(Long.class, parser.getValueAsString(), "expected an ISO-8601 instant");
        }
    }
}
