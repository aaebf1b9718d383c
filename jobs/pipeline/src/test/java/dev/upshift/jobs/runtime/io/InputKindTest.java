package dev.upshift.jobs.runtime.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upshift.common.config.ConfigLoader;
import dev.upshift.common.json.InputParser;
import dev.upshift.common.model.DeadLetter;
import dev.upshift.common.model.InputRecord;
import dev.upshift.common.model.SourceRef;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class InputKindTest {
    private static final SourceRef SOURCE = SourceRef.kafka("upshift.events", 1, 7);
    private final InputParser parser = new InputParser(ConfigLoader.defaults());

    @ParameterizedTest
    @EnumSource(InputKind.class)
    void aRecordOverTheLimitIsADeadLetterWithItsSizeAndFirstBytes(InputKind kind) {
        byte[] payload = ("{\"accountId\":\"a1\",\"blob\":\"" + "x".repeat(InputParser.MAX_RECORD_BYTES) + "\"}").getBytes(StandardCharsets.UTF_8);

        DeadLetter letter = kind.read(parser, "a1", payload, SOURCE).deadLetter;

        assertThat(letter.reason).isEqualTo("record_too_large");
        assertThat(letter.detail).isEqualTo("1,048,604 bytes; the limit is 1,048,576");
        assertThat(letter.accountId).isEqualTo("a1");
        assertThat(letter.source).isEqualTo(SOURCE);
        assertThat(letter.payload).hasSize(DeadLetter.MAX_PAYLOAD_CHARS).startsWith("{\"accountId\":\"a1\",\"blob\":\"xxx");
        assertThat(letter.payloadBytes).isEqualTo(1_048_604);
    }

    @ParameterizedTest
    @EnumSource(InputKind.class)
    void aRecordAtTheLimitIsParsedAndItsDeadLetterCarriesAShortenedPayload(InputKind kind) {
        String text = "not json " + "y".repeat(InputParser.MAX_RECORD_BYTES - 9);

        InputRecord record = kind.read(parser, "a1", text.getBytes(StandardCharsets.UTF_8), SOURCE);

        assertThat(record.deadLetter.reason).isEqualTo("malformed_json");
        // An account record too broken to take its contact and terms out is withheld whole.
        assertThat(record.deadLetter.payload).isEqualTo(kind == InputKind.ACCOUNTS ? null : text.substring(0, DeadLetter.MAX_PAYLOAD_CHARS));
        assertThat(record.deadLetter.payloadBytes).isEqualTo(InputParser.MAX_RECORD_BYTES);
    }
}
