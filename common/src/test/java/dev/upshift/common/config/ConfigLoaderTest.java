package dev.upshift.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
