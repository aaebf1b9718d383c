package dev.upshift.common.reply;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Real Authentication-Results headers (Gmail, Microsoft 365, Fastmail shapes): only an aligned pass vouches for the sender. */
class SenderAuthenticationTest {
    @Test
    void anAlignedDkimOrDmarcPassVouchesForTheSender() {
        assertThat(SenderAuthentication.isAligned("mx.google.com; dkim=pass header.i=@acme.example header.s=s1 header.b=abc;"
                + " spf=pass (google.com: domain of grace@acme.example designates 192.0.2.1 as permitted sender) smtp.mailfrom=grace@acme.example;"
                + " dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=acme.example", "grace@acme.example")).isTrue();
        assertThat(SenderAuthentication.isAligned("spf=pass (sender IP is 192.0.2.9) smtp.mailfrom=acme.example; dkim=pass (signature was verified)"
                + " header.d=acme.example;dmarc=pass action=none header.from=acme.example;compauth=pass reason=100", "grace@acme.example")).isTrue();
        assertThat(SenderAuthentication.isAligned("mx.fastmail.example; dkim=pass header.d=acme.example", "grace@eu.acme.example"))
                .as("relaxed alignment: a parent domain signs").isTrue();
    }

    @Test
    void noPassAMisalignedPassOrNoHeaderVouchesForNobody() {
        assertThat(SenderAuthentication.isAligned(null, "grace@acme.example")).isFalse();
        assertThat(SenderAuthentication.isAligned("mx.google.com; dkim=fail header.i=@acme.example; dmarc=fail header.from=acme.example",
                "grace@acme.example")).isFalse();
        assertThat(SenderAuthentication.isAligned("mx.google.com; dkim=pass header.i=@evil.example; spf=pass smtp.mailfrom=evil.example;"
                + " dmarc=none header.from=acme.example", "grace@acme.example")).as("signed by someone else").isFalse();
        assertThat(SenderAuthentication.isAligned("mx; dkim=pass header.d=example", "grace@acme.example")).as("a bare suffix").isFalse();
        assertThat(SenderAuthentication.isAligned("mx; dkim=pass header.d=acme.example", null)).isFalse();
    }
}
