package dev.upshift.jobs.replies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upshift.common.reply.InboundMail;
import dev.upshift.common.reply.ReplyClassification;
import dev.upshift.common.reply.RuleClassifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The rule-based classifier on a labelled corpus of 67 realistic replies (plain and HTML, quoted threads from
 * Gmail, Outlook and others, out-of-office notes in six languages, RFC 3834 auto-replies, and delivery reports in
 * the formats of Postfix, Exchange, Gmail and qmail). It prints accuracy per label; overall it must reach 90%,
 * and it must miss no unsubscribe.
 */
class ReplyCorpusTest {
    private static final Path CORPUS = Path.of("src/test/resources/replies");
    static final int MAX_MESSAGE_BYTES = 2 * 1024 * 1024;
    private static final long RECEIVED = Instant.parse("2026-01-14T08:15:00Z").toEpochMilli();

    private record Labelled(String file, String label, Map<String, String> fields) {}

    private record Result(Labelled expected, ReplyClassification actual) {
        boolean correct() {
            return expected.label().equals(actual.label);
        }
    }

    @Test
    void classifiesTheCorpusAsLabelled() throws Exception {
        List<Result> results = new ArrayList<>();
        for (Labelled labelled : corpus()) {
            results.add(new Result(labelled, RuleClassifier.classify(read(labelled.file()))));
        }
        Map<String, int[]> perLabel = new TreeMap<>();
        for (Result result : results) {
            int[] counts = perLabel.computeIfAbsent(result.expected().label(), label -> new int[2]);
            counts[0] += result.correct() ? 1 : 0;
            counts[1]++;
        }
        long correct = results.stream().filter(Result::correct).count();
        System.out.printf("Rule classifier on %d replies: %.1f%% correct%n", results.size(), 100.0 * correct / results.size());
        perLabel.forEach((label, counts) -> System.out.printf("  %-15s %2d/%2d%n", label, counts[0], counts[1]));
        results.stream().filter(result -> !result.correct()).forEach(result -> System.out.printf("  miss: %s as %s (%s)%n",
                result.expected().file(), result.actual().label, result.actual().reason));

        assertThat((double) correct / results.size()).as("overall accuracy").isGreaterThanOrEqualTo(0.9);
        assertThat(results).filteredOn(result -> result.expected().label().equals("unsubscribe")).allMatch(Result::correct);
        assertThat(results).filteredOn(result -> !result.expected().label().equals("unsubscribe"))
                .noneMatch(result -> result.actual().label.equals("unsubscribe"));
        for (Result result : results) {
            if (result.correct()) {
                assertFields(result);
            }
        }
    }

    private static void assertFields(Result result) {
        result.expected().fields().forEach((field, value) -> {
            String actual = switch (field) {
                case "notBefore" -> day(result.actual().notBefore);
                case "returnsAt" -> day(result.actual().returnsAt);
                case "newContact" -> result.actual().newContact;
                case "bounceStatus" -> result.actual().bounceStatus;
                default -> throw new IllegalArgumentException("unknown field " + field);
            };
            assertThat(actual).as("%s of %s", field, result.expected().file()).isEqualTo(value);
        });
    }

    private static String day(Long epochMillis) {
        return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis).toString().substring(0, 10);
    }

    static InboundMail read(String file) throws Exception {
        return InboundMails.read(Files.readAllBytes(CORPUS.resolve(file)), RECEIVED, MAX_MESSAGE_BYTES);
    }

    private static List<Labelled> corpus() throws Exception {
        List<Labelled> corpus = new ArrayList<>();
        for (String line : Files.readAllLines(CORPUS.resolve("labels.csv")).subList(1, Files.readAllLines(CORPUS.resolve("labels.csv")).size())) {
            String[] columns = line.split(",", -1);
            Map<String, String> fields = new TreeMap<>();
            if (!columns[2].isEmpty()) {
                String[] pair = columns[2].split("=", 2);
                fields.put(pair[0], pair[1]);
            }
            corpus.add(new Labelled(columns[0], columns[1], fields));
        }
        return corpus;
    }
}
