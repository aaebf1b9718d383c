package dev.upshift.common.reply;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplyTextTest {
    /** The person's words at the top are read; whatever follows the first 256 KiB of markup is never parsed. */
    @Test
    void onlyTheFirstQuarterMegabyteOfHtmlIsParsed() {
        String padding = "<p>" + "x".repeat(ReplyText.MAX_HTML_CHARS) + "</p>";
        String text = ReplyText.htmlToText("<div>Yes please, let's talk.</div>" + padding + "<div>unsubscribe</div>");
        assertThat(text).startsWith("Yes please, let's talk.\n").doesNotContain("unsubscribe");
        assertThat(text.length()).isLessThan(ReplyText.MAX_HTML_CHARS);
    }
}
