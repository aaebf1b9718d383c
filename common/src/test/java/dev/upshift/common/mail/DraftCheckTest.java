package dev.upshift.common.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upshift.common.model.SignalType;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The house rules a model's draft or a reviewer's edit must pass; each refusal names its rule. */
class DraftCheckTest {
    private static final DraftFacts LIMIT = MailTemplatesTest.facts(SignalType.LIMIT_PRESSURE);
    private static final String BODY = "Hi Grace,\n\nYou have used 92% of your 10,000 API calls this month, so work may slow down soon.\n\n"
            + "Not yet is fine.\n\nTeam is $159.20 a month with your 20% discount (list $199.00).\n\nDana";
    private final DraftCheck check = new DraftCheck("USD");

    @Test
    void aDraftThatKeepsToTheFactsPasses() {
        assertThat(check.check(new Draft("Room to grow", BODY), LIMIT, Locale.US)).isEmpty();
    }

    @Test
    void inventedNumbersAreRefused() {
        assertRefused(new Draft("Room to grow", BODY.replace("$159.20", "$149.00")), DraftCheck.INVENTED_PRICE,
                "a price the offer does not carry: $149.00; allowed: [199.00, 159.20]");
        assertRefused(new Draft("Room to grow", BODY.replace("20% discount", "25% discount")), DraftCheck.INVENTED_PERCENT,
                "a percentage the offer does not carry: 25%; allowed: [92%, 20%]");
        assertRefused(new Draft("Save USD 40 today", BODY), DraftCheck.INVENTED_PRICE,
                "a price the offer does not carry: USD 40; allowed: [199.00, 159.20]");
    }

    @Test
    void theMetricMustBeQuoted() {
        assertRefused(new Draft("Room to grow", BODY.replace("92%", "most")), DraftCheck.MISSING_METRIC,
                "the draft does not quote the evidence: 92%");
    }

    @Test
    void pressureAndFalseScarcityAreRefused() {
        assertRefused(new Draft("Room to grow", BODY + "\n\nAct now: this price is a limited-time offer."), DraftCheck.PRESSURE_PHRASE,
                "pressure or false scarcity: 'Act now'");
        assertRefused(new Draft("Only 3 seats left!", BODY), DraftCheck.PRESSURE_PHRASE, "pressure or false scarcity: 'Only 3 seats left'");
    }

    @Test
    void theSubjectIsOneLineAndTheBodyWithinBounds() {
        assertRefused(new Draft("Room to grow\r\nBcc: everyone@example.com", BODY), DraftCheck.SUBJECT_INVALID,
                "the subject must be one line of 1 to 120 characters");
        assertRefused(new Draft("Room to grow", "Hi, 92%."), DraftCheck.LENGTH, "the body has 8 characters; expected 80 to 3000");
    }

    @Test
    void anEducationTouchMentionsNoPrice() {
        DraftFacts drop = MailTemplatesTest.facts(SignalType.USAGE_DROP);
        String body = "Hi Grace,\n\nYour API calls went from about 8 a week to 3. Anything we can help with? Our Team plan is $199.00.\n\nDana";
        assertRefused(drop, new Draft("Checking in", body), DraftCheck.INVENTED_PRICE, "an education touch mentions a price: $199.00");
    }

    @Test
    void pricesAreReadInTheContactsLocale() {
        String german = BODY.replace("$159.20", "159,20 $").replace("$199.00", "199,00 $");
        assertThat(check.check(new Draft("Room to grow", german), LIMIT, Locale.GERMANY)).isEmpty();
    }

    private void assertRefused(Draft draft, String reason, String detail) {
        assertRefused(LIMIT, draft, reason, detail);
    }

    private void assertRefused(DraftFacts facts, Draft draft, String reason, String detail) {
        Optional<DraftCheck.Refusal> refusal = check.check(draft, facts, Locale.US);
        assertThat(refusal).contains(new DraftCheck.Refusal(reason, detail));
    }
}
