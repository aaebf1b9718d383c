package dev.upshift.common.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upshift.common.config.ConfigException;
import dev.upshift.common.config.ConfigLoader;
import dev.upshift.common.config.Delivery;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.model.Account;
import dev.upshift.common.model.Contact;
import dev.upshift.common.model.Evidence;
import dev.upshift.common.model.OfferDecision;
import dev.upshift.common.model.SignalType;
import dev.upshift.common.model.WeekMeasure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The bundled templates follow the house rules for every playbook, and a broken template fails at load. */
class MailTemplatesTest {
    private static final UpshiftConfig CONFIG = ConfigLoader.defaults();
    private static final Delivery.Identity IDENTITY = new Delivery.Identity("dana@agents.example", "Dana", "Dana\nCustomer Success",
            "replies@agents.example", null, new Delivery.Dkim("agents.example", "s1", "/dev/null"), null, null);
    private static final MailTemplates TEMPLATES = MailTemplates.load("");
    private static final long DECIDED = Instant.parse("2026-01-15T10:00:00Z").toEpochMilli();

    @Test
    void aLimitMailReadsAsTheHouseRulesSay() {
        Draft draft = TEMPLATES.render(facts(SignalType.LIMIT_PRESSURE));
        assertThat(draft.subject()).isEqualTo("Room to grow on Acme's plan");
        assertThat(draft.body()).isEqualTo("""
                Hi Grace Hopper,

                When a plan limit gets close, work starts to slow down: jobs wait, uploads fail and someone has to clean up. \
                I noticed that you have used 92% of your 10,000 API calls this month, so you may be close to that point.

                If that matches what your team sees, moving up removes the ceiling before it gets in the way. If it does not, \
                nothing needs to change.

                Not yet is fine. Here is what to watch for: if usage keeps climbing past today's level, the limit will start \
                to block work, and that is the moment to move.

                Team is $159.20 a month with your 20% discount. Reply to this email and I will set it up, or ask me anything first.

                Dana
                Customer Success""");
    }

    @ParameterizedTest
    @EnumSource(SignalType.class)
    void everyPlaybookQuotesItsMetricAndPricesOnlyInItsLastLines(SignalType signal) {
        DraftFacts facts = facts(signal);
        Draft draft = TEMPLATES.render(facts);
        List<String> paragraphs = List.of(draft.body().split("\n\n"));

        assertThat(new DraftCheck("USD").check(draft, facts, Locale.US)).isEmpty();
        assertThat(paragraphs.get(1)).contains(facts.evidence().text()).doesNotContain("$");
        assertThat(draft.body()).contains("Not yet is fine. Here is what to watch for:").endsWith("Dana\nCustomer Success");
        if (signal.intent() == SignalType.Intent.EDUCATION) {
            assertThat(draft.body()).doesNotContain("$");
        } else {
            assertThat(paragraphs.get(paragraphs.size() - 2)).startsWith(facts.placeholders().get("priceLine"));
            assertThat(String.join("\n\n", paragraphs.subList(0, paragraphs.size() - 2))).doesNotContain("$", offerName(signal));
        }
    }

    @Test
    void aBrokenTemplateSetFailsAtLoadNamingEachFileAndLine(@TempDir Path dir) throws IOException {
        for (SignalType type : SignalType.values()) {
            Files.writeString(dir.resolve(type.id() + ".txt"), "Subject: Hi\n\nHi {{contactName}}, {{evidence}}. {{priceLine}}\n");
        }
        Files.writeString(dir.resolve("seat_growth.txt"), "Subject: Hi\n\nHi {{contactName}}, {{evidense}}. {{priceLine}}\n");
        Files.delete(dir.resolve("workaround.txt"));

        assertThatThrownBy(() -> MailTemplates.load(dir.toString()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(String.join("\n",
                        dir.resolve("seat_growth.txt") + ": at 'line 3': a placeholder among [accountName, contactName, currentPlan, "
                                + "evidence, ownerName, priceLine, signature], got {{evidense}}",
                        dir.resolve("seat_growth.txt") + ": at '(body)': expected {{evidence}} in the body: every mail quotes the signal's metric",
                        dir.resolve("workaround.txt") + ": at '(file)': a template for the workaround playbook",
                        dir.resolve("usage_drop.txt") + ": at '(body)': expected no {{priceLine}}: an education touch never mentions a price"));
    }

    /** How the price line names what is offered; the body before it must not. */
    private static String offerName(SignalType signal) {
        return switch (signal) {
            case LIMIT_PRESSURE, RENEWAL_WINDOW -> "Team";
            case SEAT_GROWTH -> "more seats";
            case CROSS_SELL -> "Advanced Analytics";
            case ANNUAL_CONVERSION -> "a year";
            default -> "Business";
        };
    }

    /** A decision of each playbook, on a starter account with a 20% discount. */
    static DraftFacts facts(SignalType signal) {
        OfferDecision decision = new OfferDecision();
        decision.offerId = "acme:" + signal.id();
        decision.accountId = "acme";
        decision.signal = signal.id();
        decision.currentPlan = "team";
        decision.decidedAt = DECIDED;
        decision.kind = "upsell";
        decision.target = "business";
        Evidence evidence = new Evidence();
        switch (signal) {
            case LIMIT_PRESSURE, RENEWAL_WINDOW -> {
                decision.currentPlan = "starter";
                decision.target = "team";
                evidence.trigger = signal == SignalType.LIMIT_PRESSURE ? Evidence.HARD_WALL : Evidence.RENEWAL;
                evidence.metric = "api_calls";
                evidence.metricKind = "counter";
                evidence.limit = 10000.0;
                evidence.utilization = 0.92;
                evidence.renewalAt = Instant.parse("2026-02-20T00:00:00Z").toEpochMilli();
            }
            case SEAT_GROWTH -> {
                decision.kind = "seat_expansion";
                decision.target = "team";
                decision.seats = 24;
                evidence.trigger = Evidence.EVENTS_IN_WINDOW;
                evidence.limit = 20.0;
                evidence.eventTimes = List.of(DECIDED - 7 * 86_400_000L, DECIDED);
            }
            case FEATURE_GATE, EXPLICIT_ASK, WORKAROUND -> {
                evidence.trigger = Evidence.EVENTS_IN_WINDOW;
                evidence.feature = "sso";
                evidence.capability = signal == SignalType.EXPLICIT_ASK ? "saml" : null;
                evidence.name = signal == SignalType.WORKAROUND ? "manual_csv_merge" : null;
                evidence.minEvents = signal == SignalType.EXPLICIT_ASK ? 1 : 3;
                evidence.eventTimes = List.of(DECIDED - 9 * 86_400_000L, DECIDED - 86_400_000L, DECIDED);
            }
            case ACTIVE_USERS_DOUBLED, USAGE_DROP -> {
                evidence.trigger = signal == SignalType.USAGE_DROP ? Evidence.BASELINE_DROP : Evidence.BASELINE_GROWTH;
                evidence.metric = signal == SignalType.USAGE_DROP ? "api_calls" : "active_users";
                evidence.baseline = 8.0;
                evidence.current = signal == SignalType.USAGE_DROP ? 3.0 : 17.0;
                decision.kind = signal == SignalType.USAGE_DROP ? "education" : "upsell";
            }
            case POWER_USER, CROSS_SELL -> {
                evidence.trigger = Evidence.CONSECUTIVE_WEEKS;
                evidence.threshold = signal == SignalType.POWER_USER ? 5.0 : 4.0;
                evidence.eventType = signal == SignalType.POWER_USER ? "session" : "export";
                evidence.userId = signal == SignalType.POWER_USER ? "p-1" : null;
                evidence.weeks = List.of(new WeekMeasure(), new WeekMeasure(), new WeekMeasure());
                if (signal == SignalType.CROSS_SELL) {
                    decision.kind = "cross_sell";
                    decision.target = null;
                    decision.addOn = "analytics";
                }
            }
            case ANNUAL_CONVERSION -> {
                evidence.trigger = Evidence.TENURE;
                evidence.monthsActive = 7;
                decision.kind = "annual_plan";
                decision.target = "team";
            }
        }
        decision.evidence = evidence;
        Account account = new Account();
        account.accountId = "acme";
        account.name = "Acme";
        account.discountPct = 20.0;
        account.contact = new Contact();
        account.contact.name = "Grace Hopper";
        return DraftFacts.of(decision, account, IDENTITY, CONFIG.catalog(), CONFIG.delivery());
    }
}
