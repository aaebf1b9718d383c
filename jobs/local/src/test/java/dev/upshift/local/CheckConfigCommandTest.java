package dev.upshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upshift.common.vault.KeyRing;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckConfigCommandTest {
    @TempDir
    Path dir;

    @Test
    void aBrokenPlaybookExitsTwoWithEveryProblemOnItsOwnLine() throws IOException {
        Path config = Files.writeString(dir.resolve("playbook.yaml"), """
                signals:
                  featureGate: {minHits: 0}
                  renewalWindow: {within: soon}
                guardrails: {cooldown: -P1D}
                catalog:
                  capabilities: {saml: sso, magic: wand}
                """);
        StringWriter err = new StringWriter();

        int exitCode = UpshiftCli.commandLine().setErr(new PrintWriter(err)).execute("check-config", "--config", config.toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString().lines()).containsExactly(
                "upshift: " + config + ": at 'signals.renewalWindow.within': expected an ISO-8601 duration such as PT10M or P30D, got 'soon'",
                "upshift: " + config + ": at 'catalog.capabilities.magic': expected a feature listed by some plan, got 'wand'",
                "upshift: " + config + ": at 'signals.featureGate.minHits': expected a whole number >= 1, got 0",
                "upshift: " + config + ": at 'guardrails.cooldown': expected a positive ISO-8601 duration, got PT-24H");
    }

    @Test
    void aGoodPlaybookPrintsWhatItSetsUp() {
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(UpshiftCli.commandLine().execute("check-config")).isZero();
        } finally {
            System.setOut(stdout);
        }

        assertThat(out.toString(StandardCharsets.UTF_8).lines()).contains(
                "Plans         starter < team < business < enterprise",
                "Add-ons       analytics",
                "Weekly rules  limit_pressure, power_user, cross_sell-analytics-export",
                "Event time    watermark PT10M behind each partition's median clock, weeks evaluated P1D after they end, "
                        + "records more than P1D ahead of the wall clock refused");
    }

    @Test
    void theLiveJobRefusesToStartWithoutAVaultKey() {
        StringWriter err = new StringWriter();
        String ephemeral = System.clearProperty(KeyRing.EPHEMERAL_PROPERTY);
        try {
            int exitCode = UpshiftCli.commandLine().setErr(new PrintWriter(err))
                    .execute("run", "--bootstrap-servers", "localhost:1", "--bounded");
            assertThat(exitCode).isEqualTo(2);
        } finally {
            System.setProperty(KeyRing.EPHEMERAL_PROPERTY, ephemeral);
        }
        assertThat(err.toString()).startsWith("upshift: no vault key: set UPSHIFT_VAULT_KEYS or vault.keyFile");
    }
}
