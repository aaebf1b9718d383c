package dev.upshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OutputDigestTest {
    @Test
    void theSameRecordsInAnyOrderHaveOneDigestAndAnyChangedByteAnother() {
        String digest = OutputDigest.of(List.of("{\"a\":1}", "{\"b\":2}"));

        assertThat(digest).isEqualTo(OutputDigest.of(List.of("{\"b\":2}", "{\"a\":1}")));
        // printf '{"a":1}\n{"b":2}\n' | sha256sum | cut -c1-16
        assertThat(digest).isEqualTo("3881dc2ee848fe04");
        assertThat(OutputDigest.of(List.of("{\"a\":1}", "{\"b\":3}"))).isNotEqualTo(digest);
        assertThat(OutputDigest.of(List.of("{\"a\":1}{\"b\":2}"))).as("records are kept apart").isNotEqualTo(digest);
    }
}
