package dev.upshift.common.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class MailKeysTest {
    private static final String OFFER = "9b2f6c1e-0d55-3c3e-a3f4-6f1b2c3d4e5f";
    private final MailKeys keys = new MailKeys("sixteen bytes or more".getBytes(StandardCharsets.UTF_8));

    @Test
    void aMessageIdLeadsBackToItsMailAndOffer() {
        String offerMail = keys.messageId(OFFER, "agents.example");
        assertThat(offerMail).matches("<upshift\\.[A-Za-z0-9_-]+\\.[0-9a-f]{24}@agents\\.example>")
                .isEqualTo(keys.messageId(OFFER, "agents.example"));
        assertThat(keys.mailIdOf(offerMail)).contains(OFFER);

        String handOff = keys.messageId(OFFER + ".handoff-1a2b", "agents.example");
        assertThat(keys.mailIdOf(" " + handOff + " ")).contains(OFFER + ".handoff-1a2b");
        assertThat(MailKeys.offerIdOf(OFFER + ".handoff-1a2b")).isEqualTo(OFFER);
        assertThat(MailKeys.offerIdOf(OFFER)).isEqualTo(OFFER);
    }

    @Test
    void aFollowUpIdNamesItsOfferAndPurposeAndIsTheSameForTheSameMessage() {
        String followUp = MailKeys.followUpId(OFFER, "send_booking_link", "<reply-1@customer.example>");
        assertThat(followUp).matches(OFFER.replace("-", "\\-") + "\\.send_booking_link-[0-9a-f]{12}")
                .isEqualTo(MailKeys.followUpId(OFFER, "send_booking_link", "<reply-1@customer.example>"))
                .isNotEqualTo(MailKeys.followUpId(OFFER, "send_booking_link", "<reply-2@customer.example>"));
        assertThat(MailKeys.offerIdOf(followUp)).isEqualTo(OFFER);
        assertThat(MailKeys.purposeOf(followUp)).isEqualTo("send_booking_link");
        assertThat(MailKeys.purposeOf(OFFER)).isNull();
    }

    @Test
    void aForgedOrForeignMessageIdLeadsNowhere() {
        String genuine = keys.messageId(OFFER, "agents.example");
        String encodedOffer = Base64.getUrlEncoder().withoutPadding().encodeToString(OFFER.getBytes(StandardCharsets.UTF_8));
        String encodedOther = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "00000000-0000-0000-0000-000000000000".getBytes(StandardCharsets.UTF_8));
        String otherOffer = genuine.replace(encodedOffer, encodedOther);
        assertThat(otherOffer).isNotEqualTo(genuine);
        assertThat(keys.mailIdOf(otherOffer)).isEmpty();
        assertThat(new MailKeys("another secret of 16+ bytes".getBytes(StandardCharsets.UTF_8)).mailIdOf(genuine)).isEmpty();
        assertThat(keys.mailIdOf("<CAF=abc123@mail.gmail.com>")).isEmpty();
        assertThat(keys.mailIdOf("<upshift.nosignature@agents.example>")).isEmpty();
        assertThat(keys.mailIdOf(null)).isEmpty();
    }

    @Test
    void anAddressKeyIgnoresCaseAndSpacesButNotTheSecret() {
        assertThat(keys.addressKey(" Dana@Acme.example")).isEqualTo(keys.addressKey("dana@acme.example")).hasSize(24);
        assertThat(keys.addressKey("dana@acme.example")).isNotEqualTo(keys.addressKey("dan@acme.example"))
                .isNotEqualTo(new MailKeys("another secret of 16+ bytes".getBytes(StandardCharsets.UTF_8)).addressKey("dana@acme.example"));
    }
}
