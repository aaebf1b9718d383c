package dev.upshift.common.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UnsubscribeLinksTest {
    private final UnsubscribeLinks links = new UnsubscribeLinks("https://u.example/unsubscribe", "unsub@u.example",
            "sixteen bytes or more".getBytes(StandardCharsets.UTF_8));

    @Test
    void aTokenNamesItsAccountAndCannotBeForgedForAnother() {
        String token = links.token("acme", "offer-1");
        assertThat(links.accountOf(token)).isEqualTo("acme");

        String[] parts = token.split("\\.");
        String otherAccount = links.token("globex", "offer-1").split("\\.")[0];
        assertThat(links.accountOf(otherAccount + "." + parts[1] + "." + parts[2])).isNull();
        assertThat(links.accountOf("not-a-token")).isNull();
        UnsubscribeLinks otherSecret = new UnsubscribeLinks("https://u.example/unsubscribe", "unsub@u.example",
                "another secret of 16+ bytes".getBytes(StandardCharsets.UTF_8));
        assertThat(otherSecret.accountOf(token)).isNull();
    }

    @Test
    void theHeaderListsTheHttpsLinkFirstThenTheMailto() {
        String token = links.token("acme", "offer-1");
        assertThat(links.header("acme", "offer-1")).isEqualTo("<https://u.example/unsubscribe?token=" + token
                + ">, <mailto:unsub@u.example?subject=unsubscribe%20" + token + ">");
    }

    @Test
    void aShortSecretIsRefused() {
        assertThatThrownBy(() -> new UnsubscribeLinks("https://u.example", "u@u.example", new byte[8]))
                .hasMessage("the unsubscribe secret must have at least 16 bytes");
    }
}
