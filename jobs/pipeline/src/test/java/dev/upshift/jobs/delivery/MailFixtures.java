package dev.upshift.jobs.delivery;

import dev.upshift.common.config.Delivery;
import dev.upshift.common.mail.UnsubscribeLinks;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.SignatureRecord;

/**
 * Real DKIM keys and identities for mail tests, and an independent verifier (Apache James jDKIM) that takes the
 * public key from here instead of DNS.
 */
public final class MailFixtures {
    public static final String DOMAIN = "mail.upshift.test";
    public static final String SELECTOR = "upshift2026";
    public static final byte[] UNSUBSCRIBE_SECRET = "an unsubscribe secret for tests".getBytes(StandardCharsets.UTF_8);

    private final KeyPair keys;
    private final Path keyFile;

    public MailFixtures(Path directory) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            keys = generator.generateKeyPair();
            keyFile = directory.resolve("dkim.pk8.der");
            Files.write(keyFile, keys.getPrivate().getEncoded()); // PKCS#8 DER, as openssl pkcs8 -outform DER writes it
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Delivery.Identity identity(String owner) {
        return new Delivery.Identity(owner + "@" + DOMAIN, "Agent of " + owner, "Dana\nCustomer Success, Upshift",
                "replies+" + owner + "@" + DOMAIN, null, new Delivery.Dkim(DOMAIN, SELECTOR, keyFile.toString()));
    }

    public static UnsubscribeLinks unsubscribeLinks() {
        return new UnsubscribeLinks("https://upshift.test/unsubscribe", "unsubscribe@" + DOMAIN, UNSUBSCRIBE_SECRET);
    }

    /** The DNS TXT record an operator would publish at {@code selector._domainkey.domain}. */
    public String dnsRecord() {
        return "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
    }

    /** Verifies the raw message's DKIM signatures against this key; throws when none verifies. */
    public List<SignatureRecord> verify(byte[] rawMessage) throws Exception {
        DKIMVerifier verifier = new DKIMVerifier((method, selector, domain) -> {
            if (!SELECTOR.contentEquals(selector) || !DOMAIN.contentEquals(domain)) {
                throw new IllegalStateException("no key published for " + selector + "._domainkey." + domain);
            }
            return List.of(dnsRecord());
        });
        return verifier.verify(new ByteArrayInputStream(rawMessage));
    }
}
