package dev.upshift.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.upshift.common.model.SignalType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void defaultsCarryThePlaybookThresholds() {
        UpshiftConfig config = ConfigLoader.defaults();

        assertThat(config.signals().limitPressure().threshold()).isEqualTo(0.8);
        assertThat(config.signals().limitPressure().consecutiveWeeks()).isEqualTo(3);
        assertThat(config.signals().seatGrowth().minSeatsAdded()).isEqualTo(2);
        assertThat(config.signals().seatGrowth().window()).isEqualTo(Duration.ofDays(14));
        assertThat(config.guardrails().cooldown()).isEqualTo(Duration.ofDays(30));
        assertThat(config.signals().hardWalls().rules()).extracting(UpshiftConfig.HardWall::threshold).containsExactly(0.9, 0.95, 1.0);
        assertThat(config.holdout().fraction()).isEqualTo(0.1);
        assertThat(config.version()).startsWith("seeds-2026-11+");
        assertThat(config.catalog().plans()).extracting(Plan::id).containsExactly("starter", "team", "business", "enterprise");
        assertThat(config.catalog().kindOf("api_calls")).isEqualTo(MetricKind.COUNTER);
        assertThat(config.catalog().kindOf("seats")).isEqualTo(MetricKind.GAUGE);
    }

    @Test
    void aUserFileOverlaysTheDefaultsKeyByKey() throws IOException {
        UpshiftConfig config = ConfigLoader.load(write("""
                signals:
                  limitPressure:
                    threshold: 0.9
                guardrails:
                  cooldown: P14D
                """));

        assertThat(config.signals().limitPressure().threshold()).isEqualTo(0.9);
        assertThat(config.signals().limitPressure().consecutiveWeeks()).isEqualTo(3);
        assertThat(config.guardrails().cooldown()).isEqualTo(Duration.ofDays(14));
        assertThat(config.offers().headroom()).isEqualTo(0.25);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            signals: {limitPressure: {threshold: 1.5}}         | signals.limitPressure.threshold | expected a fraction in (0, 1], got 1.5
            signals: {limitPressure: {treshold: 0.9}}          | signals.limitPressure.treshold  | unknown key 'treshold'; expected one of: consecutiveWeeks, counterWindow, threshold
            guardrails: {cooldown: 30 days}                    | guardrails.cooldown             | expected an ISO-8601 duration
            accounts: {pendingMaxEvents: lots}                 | accounts.pendingMaxEvents       | expected a whole number, got
            catalog: {metrics: {seats: level}}                 | catalog.metrics.seats           | expected 'counter' or 'gauge'
            catalog: {plans: [{id: a, monthlyPrice: 1, limits: {widgets: 5}}]} | catalog.plans[0].limits.widgets | a metric declared under catalog.metrics
            catalog: {plans: [{id: a}]}                        | catalog.plans[0].monthlyPrice   | expected a value here, found none
            usage: {retention: P30D}                           | usage.retention                 | at least consecutiveWeeks x 7 days + counterWindow
            """)
    void aBadFileFailsFastNamingFilePathAndExpectation(String yaml, String path, String expectation) throws IOException {
        Path file = write(yaml);

        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": at '" + path + "': ")
                .hasMessageContaining(expectation);
    }

    @Test
    void everyProblemInAFileIsReportedAtOnceEachWithItsPath() throws IOException {
        Path file = write("""
                topics: {audi: upshift.audit}
                signals: {limitPressure: {threshold: 1.4}, hardWalls: {rules: [{metric: cpu, threshold: 0.9}]}}
                offers: {priors: {limit_presure: 0.3}}
                catalog: {addOns: [{id: analytics, monthlyPrice: 99, plans: [gold]}]}
                """);

        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .extracting(ConfigException.Problem::path)
                        .containsExactly("topics.audi", "catalog.addOns[0].plans", "signals.limitPressure.threshold",
                                "signals.hardWalls.rules[0].metric", "offers.priors.limit_presure"))
                .hasMessageContaining(file + ": at 'catalog.addOns[0].plans': expected plan ids from catalog.plans")
                .hasMessageContaining("expected a signal id, one of [limit_pressure, seat_growth");
    }

    @Test
    void deliveryProblemsNameTheirPathAndWhatWasExpected() throws IOException {
        Path file = write("""
                delivery:
                  currency: XYZ
                  sendWindow: {start: "18:00", end: "09:00", days: [TUESDAY], defaultTimezone: Mars/Base}
                  review: {mode: sometimes, signals: {limit_presure: review}}
                  unsubscribe: {url: "http://acme.io/u"}
                  identities:
                    csm-1: {fromAddress: dana@agents.acme.io, displayName: Dana, signature: "", replyTo: nope,
                            dkim: {domain: other.io, selector: s1, keyFile: /keys/dkim.der}}
                """);

        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .extracting(ConfigException.Problem::path, ConfigException.Problem::expectation)
                        .containsExactly(
                                tuple("delivery.currency", "expected an ISO 4217 currency code such as USD, got XYZ"),
                                tuple("delivery.review.mode", "expected auto or review, got sometimes"),
                                tuple("delivery.review.signals.limit_presure", "expected a signal id, one of " + SignalType.ids()),
                                tuple("delivery.sendWindow.end", "expected a time of day after start (18:00), got 09:00"),
                                tuple("delivery.sendWindow.defaultTimezone", "expected an IANA timezone such as Europe/Berlin, got Mars/Base"),
                                tuple("delivery.unsubscribe.url", "expected an https URL (RFC 8058 requires https), got http://acme.io/u"),
                                tuple("delivery.identities.csm-1.replyTo", "expected an email address, got nope"),
                                tuple("delivery.identities.csm-1.dkim.domain", "expected the From address's domain or a parent of it "
                                        + "(DMARC alignment), got other.io for dana@agents.acme.io")));
    }

    @Test
    void aFileThatIsNotYamlFailsWithItsName() throws IOException {
        Path file = write("signals: [unclosed");

        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": at '(file)': not valid YAML");
    }

    @Test
    void aMissingFileFailsWithItsName() {
        Path file = dir.resolve("absent.yaml");

        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": at '(file)': cannot be read");
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("upshift.yaml"), yaml);
    }
}
