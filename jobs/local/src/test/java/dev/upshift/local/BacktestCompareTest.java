package dev.upshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upshift.common.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./upshift backtest --compare} on the {@code compare} scenario: the shipped defaults (A) against a proposal
 * (B) that needs 3 seats instead of 2 for seat growth and waits 45 days instead of 30 between offers of one kind or
 * target. Four starter accounts; the scenario's README works every figure out by hand:
 * <ul>
 *   <li>{@code two-seats} adds 2 seats: A offers team on 03-05 (1,800, P(accept) 0.25); B sees no signal;</li>
 *   <li>{@code three-seats} adds 3: A fires at the 2nd seat (03-04), B at the 3rd (03-06): the same offer, so the
 *       account is not listed as changed, but the week's send count per owner moves;</li>
 *   <li>{@code ask-then-gate-35} asks about audit trails on 03-02 (business, 9,000, 0.35) and hits the SSO gate a
 *       third time 35 days later: A offers business again, B's 45-day cooldown suppresses it;</li>
 *   <li>{@code ask-then-gate-50}: the same 50 days apart: both offer twice.</li>
 * </ul>
 */
class BacktestCompareTest {
    private static final Path SCENARIO = Path.of("src/test/resources/scenarios/compare");

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestClusters.miniCluster();

    @TempDir
    static Path out;

    private static JsonNode comparison;
    private static Document page;

    @BeforeAll
    static void compare() throws Exception {
        int exit = UpshiftCli.commandLine().execute("backtest", "--accounts", SCENARIO.resolve("accounts.jsonl").toString(),
                "--events", SCENARIO.resolve("events.jsonl").toString(), "--compare", SCENARIO.resolve("proposed.yaml").toString(),
                "--out", out.toString());
        assertThat(exit).isZero();
        comparison = Json.tree(Files.readString(out.resolve("comparison.json")));
        page = Jsoup.parse(out.resolve("comparison.html").toFile());
    }

    @Test
    void listsTheChangedSettings() {
        assertThat(comparison.path("configChanges").toString()).isEqualTo("[{\"path\":\"signals.seatGrowth.minSeatsAdded\",\"a\":\"2\",\"b\":\"3\"},"
                + "{\"path\":\"guardrails.cooldown\",\"a\":\"P30D\",\"b\":\"P45D\"}]");
        assertThat(page.select("#config-changes tbody tr").eachText())
                .containsExactly("signals.seatGrowth.minSeatsAdded 2 3", "guardrails.cooldown P30D P45D");
    }

    @Test
    void countsEachSignalAndSegmentOnBothSides() {
        assertThat(comparison.path("segments").toString()).isEqualTo("["
                + row("explicit_ask", tally(2, "{\"requested\":2}", "{}", 2, 18000, 6300), tally(2, "{\"requested\":2}", "{}", 2, 18000, 6300),
                        tally(0, "{\"requested\":0}", "{}", 0, 0, 0)) + ","
                + row("feature_gate", tally(2, "{\"requested\":2}", "{}", 2, 18000, 3600),
                        tally(2, "{\"requested\":1,\"suppressed\":1}", "{\"cooldown\":1}", 1, 9000, 1800),
                        tally(0, "{\"requested\":-1,\"suppressed\":1}", "{\"cooldown\":1}", -1, -9000, -1800)) + ","
                + row("seat_growth", tally(2, "{\"requested\":2}", "{}", 2, 3600, 900), tally(1, "{\"requested\":1}", "{}", 1, 1800, 450),
                        tally(-1, "{\"requested\":-1}", "{}", -1, -1800, -450))
                + "]");
        assertThat(comparison.path("total").path("a").path("targetRevenue").asDouble()).isEqualTo(39600.0);
        assertThat(comparison.path("total").path("b").path("targetRevenue").asDouble()).isEqualTo(28800.0);
        assertThat(comparison.path("total").path("a").path("expectedRevenue").asDouble()).isEqualTo(10800.0);
        assertThat(comparison.path("total").path("b").path("expectedRevenue").asDouble()).isEqualTo(8550.0);

        assertThat(page.select("#segments tbody tr").eachText()).containsExactly(
                "explicit_ask starter 2 2 2 2 +0 18000.00 18000.00 +0.00 6300.00 6300.00 +0.00",
                "feature_gate starter 2 2 2 1 -1 18000.00 9000.00 -9000.00 3600.00 1800.00 -1800.00",
                "seat_growth starter 2 1 2 1 -1 3600.00 1800.00 -1800.00 900.00 450.00 -450.00",
                "all all 6 5 6 4 -2 39600.00 28800.00 -10800.00 10800.00 8550.00 -2250.00");
        assertThat(page.select("#decisions tbody tr").eachText()).containsExactly(
                "explicit_ask starter requested 2 requested 2",
                "feature_gate starter requested 2 requested 1, suppressed 1 cooldown 1",
                "seat_growth starter requested 2 requested 1",
                "all all requested 6 requested 4, suppressed 1 cooldown 1");
        assertThat(page.selectFirst("#headline").text()).isEqualTo(
                "B requests 4 offers to A's 6 (-2), targeting 28800.00 of annual revenue to A's 39600.00 (-10800.00); 2 accounts get different offers.");
    }

    @Test
    void namesEveryChangedAccountWithEachSidesReason() {
        assertThat(comparison.path("changedAccounts").toString()).isEqualTo("["
                + "{\"accountId\":\"ask-then-gate-35\",\"ownerId\":\"csm-b\",\"segment\":\"starter\",\"change\":\"different_offers\",\"differences\":["
                + "{\"at\":\"2026-04-06T10:00:00Z\",\"signal\":\"feature_gate\",\"a\":\"requested upsell → business\",\"reasonA\":null,"
                + "\"b\":\"suppressed: cooldown\",\"reasonB\":\"cooldown\"}]},"
                + "{\"accountId\":\"two-seats\",\"ownerId\":\"csm-a\",\"segment\":\"starter\",\"change\":\"only_a\",\"differences\":["
                + "{\"at\":\"2026-03-05T10:00:00Z\",\"signal\":\"seat_growth\",\"a\":\"requested upsell → team\",\"reasonA\":null,"
                + "\"b\":\"no signal\",\"reasonB\":null}]}]");
        List<String> rows = page.select("#accounts tbody tr").eachText();
        assertThat(rows).containsExactly(
                "ask-then-gate-35 csm-b starter different offers 2026-04-06 feature_gate requested upsell → business suppressed: cooldown "
                        + "An offer of the same kind or target went out recently: this one waits for the cooldown.",
                "two-seats csm-a starter offered in A only 2026-03-05 seat_growth requested upsell → team no signal");
    }

    @Test
    void countsRequestedOffersPerWeekAndOwner() {
        assertThat(comparison.path("sendsPerWeek").toString()).isEqualTo("["
                + "{\"week\":\"2026-03-02\",\"ownerId\":\"csm-a\",\"a\":2,\"b\":1},"
                + "{\"week\":\"2026-03-02\",\"ownerId\":\"csm-b\",\"a\":2,\"b\":2},"
                + "{\"week\":\"2026-04-06\",\"ownerId\":\"csm-b\",\"a\":1,\"b\":0},"
                + "{\"week\":\"2026-04-20\",\"ownerId\":\"csm-b\",\"a\":1,\"b\":1}]");
        assertThat(page.select("#weeks tbody tr").eachText()).containsExactly("2026-03-02 csm-a 2 1 -1", "2026-03-02 csm-b 2 2 +0",
                "2026-04-06 csm-b 1 0 -1", "2026-04-20 csm-b 1 1 +0");
        Element chart = page.selectFirst("#chart svg");
        assertThat(chart).isNotNull();
        // Eight weeks from 03-02 to 04-20, the empty ones at 0: one point per week on each line.
        assertThat(chart.select("polyline")).hasSize(2).allSatisfy(line -> assertThat(line.attr("points").split(" ")).hasSize(8));
    }

    @Test
    void writesEachPlaybooksResultsBesideTheComparison() throws Exception {
        assertThat(Files.readAllLines(out.resolve("a").resolve(Backtest.OFFERS))).hasSize(6);
        assertThat(Files.readAllLines(out.resolve("b").resolve(Backtest.OFFERS))).hasSize(5);
        assertThat(Files.readString(out.resolve("comparison.html"))).doesNotContain("<script", "src=", "<link", "@import", "url(", "https://");
    }

    @Test
    void theComparisonMatchesItsSchema() {
        ContractSchemaTest.assertValid("playbook-comparison", List.of(comparison.toString()));
    }

    private static String row(String signal, String a, String b, String difference) {
        return "{\"signal\":\"" + signal + "\",\"segment\":\"starter\",\"a\":" + a + ",\"b\":" + b + ",\"difference\":" + difference + "}";
    }

    private static String tally(long signals, String decisions, String suppressed, long requested, double target, double expected) {
        return "{\"signals\":" + signals + ",\"decisions\":" + decisions + ",\"suppressed\":" + suppressed + ",\"requested\":" + requested
                + ",\"targetRevenue\":" + target + ",\"expectedRevenue\":" + expected + "}";
    }
}
