package dev.upshift.jobs.delivery;

import dev.upshift.common.config.Delivery;
import dev.upshift.common.mail.MailKeys;
import dev.upshift.common.mail.UnsubscribeLinks;
import dev.upshift.common.model.Account;
import dev.upshift.common.model.Contact;
import dev.upshift.common.model.Evidence;
import dev.upshift.common.model.MailDraft;
import dev.upshift.common.model.OfferDecision;
import dev.upshift.common.vault.AccountVault;
import dev.upshift.common.vault.KeyRing;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
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
                "replies+" + owner + "@" + DOMAIN, null, new Delivery.Dkim(DOMAIN, SELECTOR, keyFile.toString()),
                owner + "@owners.example", "https://book.example/" + owner);
    }

    /** When {@link #offerRequest()} was decided. */
    public static final long DECIDED_AT = Instant.parse("2026-01-15T10:00:00Z").toEpochMilli();

    /**
     * An offer on its way to mail: Acme (starter, 10% negotiated discount, contact Grace Hopper in Berlin) hit the
     * 95% storage wall at 96% of 10 GB, and is offered Team; its owner is csm-ada. The terms are sealed.
     */
    public static MailDraft offerRequest() {
        return offerRequestTo("grace@acme.example");
    }

    /** {@link #offerRequest()}, its contact at {@code email}. */
    public static MailDraft offerRequestTo(String email) {
        Account account = new Account();
        account.accountId = "acme";
        account.name = "Acme";
        account.planId = "starter";
        account.ownerId = "csm-ada";
        account.discountPct = 10.0;
        account.contact = new Contact();
        account.contact.name = "Grace Hopper";
        account.contact.email = email;
        account.contact.timezone = "Europe/Berlin";

        Evidence evidence = new Evidence();
        evidence.trigger = Evidence.HARD_WALL;
        evidence.metric = "storage_gb";
        evidence.metricKind = "gauge";
        evidence.limit = 10.0;
        evidence.threshold = 0.95;
        evidence.usage = 9.6;
        evidence.utilization = 0.96;

        OfferDecision decision = new OfferDecision();
        decision.offerId = "acme:limit_pressure:1";
        decision.accountId = "acme";
        decision.signal = "limit_pressure";
        decision.kind = "upsell";
        decision.currentPlan = "starter";
        decision.target = "team";
        decision.ownerId = "csm-ada";
        decision.decidedAt = DECIDED_AT;
        decision.evidence = evidence;

        MailDraft request = new MailDraft();
        request.offerId = decision.offerId;
        request.accountId = "acme";
        request.ownerId = "csm-ada";
        request.decision = decision;
        request.account = new AccountVault(KeyRing.load("", true)).seal(account);
        request.draftedAt = DECIDED_AT;
        return request;
    }

    public static UnsubscribeLinks unsubscribeLinks() {
        return new UnsubscribeLinks("https://upshift.test/unsubscribe", "unsubscribe@" + DOMAIN, UNSUBSCRIBE_SECRET);
    }

    public static MailKeys mailKeys() {
        return new MailKeys(UNSUBSCRIBE_SECRET);
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
