package dev.upshift.common.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upshift.common.model.Account;
import dev.upshift.common.model.Contact;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccountVaultTest {
    private static final String OLD_KEY = KeyRing.generate("k1");
    private static final String NEW_KEY = KeyRing.generate("k2");

    private final AccountVault vault = new AccountVault(KeyRing.parse(OLD_KEY, "test"));

    @Test
    void sealedAccountsCarryNoSensitiveFieldInTheClearAndOpenToTheOriginal() {
        Account sealed = vault.seal(account());

        assertThat(sealed.contact).isNull();
        assertThat(sealed.discountPct).isNull();
        assertThat(sealed.terms).isNull();
        assertThat(sealed.sealed).startsWith("k1.").doesNotContain("ops@acme.example").doesNotContain("net30");
        assertThat(sealed.planId).isEqualTo("team");

        Account opened = vault.open(sealed);
        assertThat(opened.contact.email).isEqualTo("ops@acme.example");
        assertThat(opened.discountPct).isEqualTo(12.5);
        assertThat(opened.terms).containsEntry("paymentTerms", "net30");
    }

    @Test
    void theSameTermsSealTwiceToDifferentCiphertexts() {
        assertThat(vault.seal(account()).sealed).isNotEqualTo(vault.seal(account()).sealed);
    }

    @Test
    void aRotatedRingEncryptsWithTheNewKeyAndStillOpensTheOld() {
        Account sealedWithOld = vault.seal(account());
        AccountVault rotated = new AccountVault(KeyRing.parse(NEW_KEY + "," + OLD_KEY, "test"));

        assertThat(rotated.open(sealedWithOld).contact.email).isEqualTo("ops@acme.example");
        assertThat(rotated.seal(account()).sealed).startsWith("k2.");
    }

    @Test
    void sealedTermsCannotBeMovedToAnotherAccountOrOpenedWithoutTheirKey() {
        Account moved = vault.seal(account());
        moved.accountId = "acct-other";
        assertThatThrownBy(() -> vault.open(moved)).hasMessageContaining("fail authentication");

        AccountVault other = new AccountVault(KeyRing.parse(NEW_KEY, "test"));
        assertThatThrownBy(() -> other.open(vault.seal(account()))).hasMessageContaining("vault key 'k1', which is not in the key ring [k2]");
    }

    @Test
    void badKeyTextIsRejectedWithoutEchoingKeyMaterial() {
        assertThatThrownBy(() -> KeyRing.parse("k1:c2hvcnQ=", "UPSHIFT_VAULT_KEYS"))
                .hasMessage("UPSHIFT_VAULT_KEYS: key 'k1' must be 32 bytes (AES-256), got 5");
        assertThatThrownBy(() -> KeyRing.parse("nocolon", "UPSHIFT_VAULT_KEYS")).hasMessage("UPSHIFT_VAULT_KEYS: entry 1 is not keyId:base64Key");
        assertThat(KeyRing.parse(OLD_KEY, "test").toString()).isEqualTo("KeyRing[k1]");
        assertThat(account().toString()).doesNotContain("ops@acme.example").doesNotContain("12.5");
    }

    private static Account account() {
        Account account = new Account();
        account.accountId = "acct-1";
        account.planId = "team";
        account.contact = new Contact();
        account.contact.name = "Ada";
        account.contact.email = "ops@acme.example";
        account.discountPct = 12.5;
        account.terms = Map.of("paymentTerms", "net30");
        return account;
    }
}
