package dev.upshift.common.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DecisionReasonsTest {
    /** Every reason the contract lists has words, so that no timeline shows a bare code for a documented reason. */
    @Test
    void everyReasonOfTheContractHasWords() throws IOException {
        String contracts = Files.readString(Path.of("../docs/contracts.md"));
        int header = contracts.indexOf("| `reason` | Meaning |");
        String table = contracts.substring(contracts.indexOf("|---|", header), contracts.indexOf("- `offerId` is deterministic"));
        Matcher codes = Pattern.compile("^\\| `([a-z_]+)`(?: / `([a-z_]+)`)?", Pattern.MULTILINE).matcher(table);
        List<String> reasons = new java.util.ArrayList<>();
        while (codes.find()) {
            reasons.add(codes.group(1));
            if (codes.group(2) != null) {
                reasons.add(codes.group(2));
            }
        }
        assertThat(reasons).hasSize(18).allMatch(DecisionReasons::knows);
    }

    @Test
    void saysWhyInWords() {
        assertThat(DecisionReasons.inWords("support_ticket"))
                .isEqualTo("The account opened a problem ticket shortly before: no pitches while it is being helped.");
        assertThat(DecisionReasons.inWords("some_future_reason")).isEqualTo("Reason: some_future_reason.");
        assertThat(DecisionReasons.inWords(null)).isEmpty();
    }
}
