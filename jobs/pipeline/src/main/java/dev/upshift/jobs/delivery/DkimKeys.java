package dev.upshift.jobs.delivery;

import dev.upshift.common.config.Delivery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import org.simplejavamail.utils.mail.dkim.Canonicalization;
import org.simplejavamail.utils.mail.dkim.DkimSigner;
import org.simplejavamail.utils.mail.dkim.SigningAlgorithm;

/**
 * DKIM signers for agent identities. Built on utils-mail-dkim's signer directly, because simplejavamail's own
 * DKIM option can only shrink the signed-header list, and RFC 8058 needs List-Unsubscribe-Post signed. The key
 * check against live DNS is off: signing must not depend on DNS, and the published record is verified at set-up.
 */
public final class DkimKeys {
    /** Signed on top of the signer's defaults (From, To, Subject, Date, Message-ID, In-Reply-To, References...). */
    static final String[] EXTRA_SIGNED_HEADERS = {"List-Unsubscribe", "List-Unsubscribe-Post"};

    private DkimKeys() {}

    public static DkimSigner signer(Delivery.Dkim dkim) {
        try {
            DkimSigner signer = new DkimSigner(dkim.domain(), dkim.selector(), readKey(Path.of(dkim.keyFile())));
            signer.setSigningAlgorithm(SigningAlgorithm.SHA256_WITH_RSA);
            signer.setHeaderCanonicalization(Canonicalization.RELAXED);
            signer.setBodyCanonicalization(Canonicalization.RELAXED);
            signer.setLengthParam(false);
            signer.setCheckDomainKey(false);
            for (String header : EXTRA_SIGNED_HEADERS) {
                signer.addHeaderToSign(header);
            }
            return signer;
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("cannot set up DKIM signing for " + dkim.domain() + ": no key file " + dkim.keyFile(), e);
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot set up DKIM signing for " + dkim.domain() + " with key " + dkim.keyFile()
                    + " (expected a PKCS#8 DER RSA private key): " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** A PKCS#8 DER RSA private key, as {@code openssl pkcs8 -topk8 -nocrypt -outform DER} writes it. */
    static RSAPrivateKey readKey(Path file) throws IOException, GeneralSecurityException {
        byte[] der = Files.readAllBytes(file);
        return (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    }
}
