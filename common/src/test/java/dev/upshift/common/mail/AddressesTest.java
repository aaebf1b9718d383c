package dev.upshift.common.mail;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressesTest {
    /** Replies of real mail servers, with the recipient's address as they echo it. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            550 5.1.1 <pat.doe+upsell@customer.example>: Recipient address rejected: User unknown | 550 5.1.1 <[address]>: Recipient address rejected: User unknown
            550-5.1.1 The email account that you tried to reach does not exist. pat@gmail.com.   | 550-5.1.1 The email account that you tried to reach does not exist. [address].
            554 5.7.1 Message rejected: Email address is not verified: ops@sub.acme.co.uk       | 554 5.7.1 Message rejected: Email address is not verified: [address]
            Invalid Addresses: renée@exämple.de, ari@x.io                                      | Invalid Addresses: [address], [address]
            250 2.0.0 Ok: queued as 4XyZ                                                        | 250 2.0.0 Ok: queued as 4XyZ
            twitter handle @upshift and user@localhost                                          | twitter handle @upshift and user@localhost
            """)
    void takesEveryAddressOutOfAServerReply(String reply, String redacted) {
        assertThat(Addresses.redacted(reply)).isEqualTo(redacted);
    }

    /** A megabyte built to make a backtracking pattern crawl; the scan looks at most 64 + 255 characters per @. */
    @Test
    void aHostileMegabyteIsRedactedWithoutLeavingAnAddressBehind() {
        String hostile = "a".repeat(500_000) + "@" + "b.".repeat(250_000) + "@".repeat(100_000);

        String redacted = Addresses.redacted(hostile);

        assertThat(redacted).startsWith("a".repeat(500_000 - 64) + Addresses.REDACTED).doesNotContain("a@b");
    }

    @Test
    void nullAndTextWithoutAnAtSignPassUnchanged() {
        assertThat(Addresses.redacted(null)).isNull();
        assertThat(Addresses.redacted("no address here")).isEqualTo("no address here");
    }
}
