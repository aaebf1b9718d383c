package dev.upshift.common.reply;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Edge cases of the rules that the corpus does not pin down: phrases inside other words and sentences, quotes. */
class RuleClassifierTest {
    private static final long RECEIVED = Instant.parse("2026-01-14T08:15:00Z").toEpochMilli();

    @Test
    void shortYesWordsCountOnlyAsWholeWords() {
        assertThat(label("Louis asked me to forward this: what does SSO cost on Team?")).isEqualTo("question");
        assertThat(label("I'm in a meeting until three, can you tell me what Team costs?")).isEqualTo("question");
        assertThat(label("Sí, adelante.")).isEqualTo("interested");
        assertThat(label("Count me in!")).isEqualTo("interested");
        assertThat(label("I'm in.")).isEqualTo("interested");
    }

    @Test
    void ourOwnQuotedMailNeverDecidesTheLabel() {
        String reply = "Thanks, what does the Team plan include?\n\nOn Tue, 13 Jan 2026 at 10:02, Ada Agent <ada@agents.example>\nwrote:\n"
                + "> Not interested in messages like this? Unsubscribe with one click: https://u.example/unsubscribe?token=x";
        assertThat(label(reply)).isEqualTo("question");
        assertThat(label("On Monday we can talk, sounds good.\nDana")).isEqualTo("interested");
    }

    @Test
    void anUnsubscribeWinsOverEverythingElseInTheSameReply() {
        assertThat(label("Yes, interesting, but please remove me from this list.")).isEqualTo("unsubscribe");
    }

    @Test
    void aSubjectThatAsksToUnsubscribeIsHonouredWithAnEmptyBody() {
        assertThat(labelOf("unsubscribe", "")).isEqualTo("unsubscribe");
        assertThat(labelOf("Re: Unsubscribe me please", "")).isEqualTo("unsubscribe");
        assertThat(labelOf("unsubscribe v1.a2b.c3", "")).as("a mail client's List-Unsubscribe mailto").isEqualTo("unsubscribe");
        assertThat(labelOf("AW: Abmelden", "")).isEqualTo("unsubscribe");
        assertThat(labelOf("Re: Room to grow", "")).isEqualTo("question");
        assertThat(labelOf("Re: Unsubscribed users dashboard", "How do I see them?")).as("a word that only starts the same").isEqualTo("question");
    }

    @Test
    void appleMailsOneClickUnsubscribeIsHonouredThoughItIsAutomatic() {
        assertThat(RuleClassifier.classify(new InboundMail(Map.of("x-apple-unsubscribe", "true", "auto-submitted", "auto-replied"),
                "Re: Room to grow", "grace@icloud.example", null, "text/plain", "Apple Mail sent this email to unsubscribe.", null,
                List.of(), Map.of(), RECEIVED)).label).isEqualTo("unsubscribe");
    }

    private static String labelOf(String subject, String text) {
        return RuleClassifier.classify(new InboundMail(Map.of(), subject, "grace@acme.example", "<grace@acme.example>",
                "text/plain", text, null, List.of(), Map.of(), RECEIVED)).label;
    }

    private static String label(String text) {
        return RuleClassifier.classify(new InboundMail(Map.of(), "Re: Room to grow", "grace@acme.example", "<grace@acme.example>",
                "text/plain", text, null, List.of(), Map.of(), RECEIVED)).label;
    }
}
