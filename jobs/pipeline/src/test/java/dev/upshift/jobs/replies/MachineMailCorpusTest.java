package dev.upshift.jobs.replies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upshift.common.reply.ReplyClassification;
import dev.upshift.common.reply.ReplyLabel;
import dev.upshift.common.reply.RuleClassifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Reading and classifying 629 real bounces, automatic replies and feedback reports from some 70 servers and
 * providers (Sisimai's test corpus; see {@code mail-corpus/sisimai/README.md}), against Sisimai's own labels: no
 * message fails, machine mail is recognised as such, every spam complaint is a complaint, and hard and soft
 * bounces agree with Sisimai's (hard: the address or its domain is gone).
 */
class MachineMailCorpusTest {
    private static final Path CORPUS = Path.of("src/test/resources/mail-corpus/sisimai");
    private static final long RECEIVED = Instant.parse("2026-01-14T08:15:00Z").toEpochMilli();
    private static final Set<String> MACHINE = Set.of(ReplyLabel.AUTO_REPLY.id(), ReplyLabel.HARD_BOUNCE.id(),
            ReplyLabel.SOFT_BOUNCE.id(), ReplyLabel.COMPLAINED.id());
    private static final Set<String> NOT_BOUNCES = Set.of("feedback", "vacation", "delivered", "-");

    /** One line of labels.tsv: Sisimai's reason, hard bounce flag and ARF feedback type, "-" where it has none. */
    private record Labelled(String file, String reason, boolean hard, String feedbackType) {
        boolean isBounce() {
            return !NOT_BOUNCES.contains(reason);
        }

        /** A recipient's opt-out sent as a feedback report is an unsubscribe; a report of failed authentication is nobody's answer. */
        String expectedLabel() {
            return switch (reason) {
                case "feedback" -> switch (feedbackType) {
                    case "opt-out" -> ReplyLabel.UNSUBSCRIBE.id();
                    case "auth-failure" -> ReplyLabel.AUTO_REPLY.id();
                    default -> ReplyLabel.COMPLAINED.id();
                };
                case "vacation", "delivered" -> ReplyLabel.AUTO_REPLY.id();
                default -> null;
            };
        }
    }

    private record Result(Labelled expected, ReplyClassification actual) {
        boolean machine() {
            return MACHINE.contains(actual.label) || actual.label.equals(expected.expectedLabel());
        }

        boolean agrees() {
            String label = expected.hard() ? ReplyLabel.HARD_BOUNCE.id() : ReplyLabel.SOFT_BOUNCE.id();
            return label.equals(actual.label);
        }
    }

    @Test
    void everyMessageIsReadAndMachineMailIsUnderstood() throws Exception {
        List<Result> results = new ArrayList<>();
        for (Labelled labelled : corpus()) {
            byte[] raw = Files.readAllBytes(CORPUS.resolve(labelled.file()));
            results.add(new Result(labelled, RuleClassifier.classify(InboundMails.read(raw, RECEIVED, ReplyCorpusTest.MAX_MESSAGE_BYTES))));
        }
        List<Result> bounces = results.stream().filter(result -> result.expected().isBounce()).toList();
        List<Result> labelledOthers = results.stream().filter(result -> result.expected().expectedLabel() != null).toList();
        long machine = results.stream().filter(Result::machine).count();
        long agreeing = bounces.stream().filter(Result::agrees).count();
        System.out.printf("Machine mail corpus: %d messages read, %d recognised as machine mail (%.1f%%); "
                        + "hard/soft agrees with Sisimai on %d of %d bounces (%.1f%%)%n", results.size(), machine,
                100.0 * machine / results.size(), agreeing, bounces.size(), 100.0 * agreeing / bounces.size());
        results.stream().filter(result -> !result.machine()).forEach(result -> System.out.printf("  not machine: %s as %s (%s)%n",
                result.expected().file(), result.actual().label, result.actual().reason));
        bounces.stream().filter(result -> !result.agrees()).forEach(result -> System.out.printf("  disagrees: %s (%s, %s) as %s (%s)%n",
                result.expected().file(), result.expected().reason(), result.expected().hard() ? "hard" : "soft",
                result.actual().label, result.actual().reason));

        assertThat(results).hasSize(629);
        assertThat((double) machine / results.size()).as("share recognised as machine mail").isGreaterThanOrEqualTo(0.99);
        assertThat((double) agreeing / bounces.size()).as("hard/soft agreement").isGreaterThanOrEqualTo(0.95);
        Map<String, String> expectedLabels = new TreeMap<>();
        Map<String, String> actualLabels = new TreeMap<>();
        labelledOthers.forEach(result -> {
            expectedLabels.put(result.expected().file(), result.expected().expectedLabel());
            actualLabels.put(result.expected().file(), result.actual().label);
        });
        assertThat(actualLabels).as("complaints, opt-outs, authentication reports, out-of-office notes and delivery notices")
                .hasSize(26).isEqualTo(expectedLabels);
        assertThat(expectedLabels.values()).filteredOn(ReplyLabel.COMPLAINED.id()::equals).as("spam complaints in the corpus").hasSize(13);
    }

    private static List<Labelled> corpus() throws Exception {
        List<Labelled> corpus = new ArrayList<>();
        for (String line : Files.readAllLines(CORPUS.resolve("labels.tsv"))) {
            if (!line.startsWith("#")) {
                String[] columns = line.split("\t", -1);
                corpus.add(new Labelled(columns[0], columns[1], columns[2].equals("1"), columns[4]));
            }
        }
        return corpus;
    }
}
