package dev.upshift.common.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UnsubscribeLinksTest {
    private static final long ISSUED = Instant.parse("2026-01-15T10:00:00Z").toEpochMilli();
    private static final Duration YEAR = Duration.ofDays(365);
    private final UnsubscribeLinks links = new UnsubscribeLinks("https://u.example/unsubscribe", "unsub@u.example",
            "sixteen bytes or more".getBytes(StandardCharsets.UTF_8));

    @Test
    void aTokenNamesItsAccountAndOfferAndCannotBeForgedForAnother() {
        String token = links.token("acme", "offer-1", ISSUED);
        assertThat(links.verify(token, ISSUED, YEAR).verified()).isEqualTo(new UnsubscribeLinks.Verified("acme", "offer-1"));

        String[] parts = token.split("\\.");
        String otherAccount = links.token("globex", "offer-1", ISSUED).split("\\.")[0];
        assertThat(links.verify(otherAccount + "." + parts[1] + "." + parts[2] + "." + parts[3], ISSUED, YEAR).refusal())
                .isEqualTo(UnsubscribeLinks.Refusal.FORGED);
        assertThat(links.verify("not-a-token", ISSUED, YEAR).refusal()).isEqualTo(UnsubscribeLinks.Refusal.MALFORMED);
        UnsubscribeLinks otherSecret = new UnsubscribeLinks("https://u.example/unsubscribe", "unsub@u.example",
                "another secret of 16+ bytes".getBytes(StandardCharsets.UTF_8));
        assertThat(otherSecret.verify(token, ISSUED, YEAR).refusal()).isEqualTo(UnsubscribeLinks.Refusal.FORGED);
    }

    @Test
    void aTokenExpiresAfterItsMaximumAge() {
        String token = links.token("acme", "offer-1", ISSUED);
        assertThat(links.verify(token, ISSUED + YEAR.toMillis(), YEAR).verified()).isNotNull();
        assertThat(links.verify(token, ISSUED + YEAR.plusDays(1).toMillis(), YEAR).refusal()).isEqualTo(UnsubscribeLinks.Refusal.EXPIRED);
    }

    @Test
    void theHeaderListsTheHttpsLinkFirstThenTheMailto() {
        String token = links.token("acme", "offer-1", ISSUED);
        assertThat(links.header("acme", "offer-1", ISSUED)).isEqualTo("<https://u.example/unsubscribe?token=" + token
                + ">, <mailto:unsub@u.example?subject=unsubscribe%20" + token + ">");
    }

    @Test
    void theMailtoSubjectAMailClientSendsNamesTheOfferAndOnlyAGenuineOneCounts() {
        String token = links.token("acme", "offer-1", ISSUED);
        UnsubscribeLinks.Verified acme = new UnsubscribeLinks.Verified("acme", "offer-1");
        assertThat(links.verifySubject("unsubscribe " + token, ISSUED, YEAR)).contains(acme);
        assertThat(links.verifySubject("Re: UNSUBSCRIBE  " + token, ISSUED, YEAR)).as("a client that prefixes or re-cases it").contains(acme);
        assertThat(links.verifySubject("unsubscribe " + token, ISSUED + YEAR.plusDays(1).toMillis(), YEAR)).as("expired").isEmpty();
        String forged = links.token("globex", "offer-1", ISSUED).split("\\.")[0] + token.substring(token.indexOf('.'));
        assertThat(links.verifySubject("unsubscribe " + forged, ISSUED, YEAR)).isEmpty();
        assertThat(links.verifySubject("unsubscribe", ISSUED, YEAR)).isEmpty();
        assertThat(links.verifySubject(null, ISSUED, YEAR)).isEmpty();
    }

    @Test
    void aShortSecretIsRefused() {
        assertThatThrownBy(() -> new UnsubscribeLinks("https://u.example", "u@u.example", new byte[8]))
                .hasMessage("the secret for unsubscribe links must have at least 16 bytes");
    }
}
