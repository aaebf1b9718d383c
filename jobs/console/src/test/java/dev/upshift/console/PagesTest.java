package dev.upshift.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Values from the topics are text, never markup: an account name or a draft body cannot run in a reviewer's browser. */
class PagesTest {
    @Test
    void escapesEveryValueItShows() {
        String hostile = "<img src=x onerror=alert(1)>\"'&";
        String page = new Pages().render("timeline", Map.of("title", hostile,
                "account", new AccountTimeline.Account("acct-1", hostile, "csm-a", "smb", "starter"),
                "entries", List.of(new AccountTimeline.Entry(0, "signal", hostile, hostile))));
        assertThat(page).doesNotContain("<img").contains("&lt;img src&#61;x onerror&#61;alert(1)&gt;&quot;&#39;&amp;");
    }
}
