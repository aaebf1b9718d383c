package dev.upshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The comparison page of {@code ./upshift backtest --compare}, opened from disk in headless Chromium with no network:
 * the figures {@link BacktestCompareTest} checks in the file are the ones a reader sees, and the chart is drawn.
 */
class ComparisonPageBrowserIT {
    private static final Path SCENARIO = Path.of("src/test/resources/scenarios/compare");

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestClusters.miniCluster();

    @TempDir
    Path dir;

    @Test
    void showsTheComparisonsFiguresAndChart() throws Exception {
        Path out = dir.resolve("out");
        assertThat(UpshiftCli.commandLine().execute("backtest", "--accounts", SCENARIO.resolve("accounts.jsonl").toString(),
                "--events", SCENARIO.resolve("events.jsonl").toString(), "--compare", SCENARIO.resolve("proposed.yaml").toString(),
                "--out", out.toString())).isZero();

        try (TestBrowser reader = new TestBrowser(out.resolve("comparison.html").toUri().toString(), dir.resolve("chrome"))) {
            reader.open("");
            assertThat(reader.text("headline")).isEqualTo("B requests 4 offers to A's 6 (-2), targeting 28800.00 of annual revenue to "
                    + "A's 39600.00 (-10800.00); 2 accounts get different offers.");
            assertThat(reader.driver.findElements(By.cssSelector("#accounts tbody tr")).stream().map(WebElement::getText).toList())
                    .containsExactly("ask-then-gate-35 csm-b starter different offers 2026-04-06 feature_gate requested upsell → business\n"
                                    + "suppressed: cooldown\nAn offer of the same kind or target went out recently: this one waits for the cooldown.",
                            "two-seats csm-a starter offered in A only 2026-03-05 seat_growth requested upsell → team\nno signal");
            assertThat(reader.text("total")).isEqualTo("all all 6 5 6 4 -2 39600.00 28800.00 -10800.00 10800.00 8550.00 -2250.00");
            WebElement chart = reader.driver.findElement(By.cssSelector("#chart svg"));
            assertThat(chart.isDisplayed()).isTrue();
            assertThat(chart.getSize().getWidth()).isEqualTo(640);
            assertThat(chart.findElements(By.tagName("polyline"))).hasSize(2).allSatisfy(line -> assertThat(line.isDisplayed()).isTrue());
            reader.screenshot("10-playbook-comparison");
        }
    }
}
