package dev.upshift.common.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upshift.common.config.ConfigException;
import dev.upshift.common.config.ConfigLoader;
import dev.upshift.common.config.Delivery;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.model.Account;
import dev.upshift.common.model.Contact;
import dev.upshift.common.model.OfferDecision;
import dev.upshift.common.model.PlaybookDecisions;
import dev.upshift.common.model.SignalType;
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

    @Test
    void namesThatGoIntoHeadersLoseTheirLineBreaks() {
        assertThat(DraftFacts.oneLine("Acme\r\nBcc: everyone@evil.example")).isEqualTo("Acme Bcc: everyone@evil.example");
        assertThat(DraftFacts.oneLine("\tGrace\u0000Hopper\n")).isEqualTo("Grace Hopper");
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

    /** A decision of each playbook, on an account with a 20% discount. */
    static DraftFacts facts(SignalType signal) {
        OfferDecision decision = PlaybookDecisions.of(signal, DECIDED);
        Account account = new Account();
        account.accountId = "acme";
        account.name = "Acme";
        account.discountPct = 20.0;
        account.contact = new Contact();
        account.contact.name = "Grace Hopper";
        return DraftFacts.of(decision, account, IDENTITY, CONFIG.catalog(), CONFIG.delivery());
    }
}
