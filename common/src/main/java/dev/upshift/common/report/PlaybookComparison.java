package dev.upshift.common.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.upshift.common.config.ConfigDiff;
import dev.upshift.common.model.OfferDecision;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Two playbooks' decisions over the same history, side by side (A is the current playbook, B the proposal): per
 * signal and segment, per account whose offers changed, and per week and owner; with the settings that differ.
 * Pure: it reads {@link OfferDecision}s, from a backtest's files or from a job's output topics alike.
 * docs/backtest.md explains every figure.
 *
 * @param configChanges the settings that differ; null when the configs were not given (comparing two topics' runs)
 * @param segments one row per signal and segment either side decided on, by signal then segment
 * @param changedAccounts the accounts whose requested offers differ, by account id
 * @param sendsPerWeek requested offers per ISO week (Monday, UTC) of decision and owner, by week then owner
 */
@JsonPropertyOrder({"a", "b", "configChanges", "total", "segments", "changedAccounts", "sendsPerWeek"})
public record PlaybookComparison(String a, String b, List<ConfigDiff.Change> configChanges, Row total, List<Row> segments,
        List<AccountChange> changedAccounts, List<WeekSends> sendsPerWeek) {

    /** What no decision on one side is called. */
    public static final String NO_SIGNAL = "no signal";
    /** A row's name for every signal, or every segment, together. */
    public static final String ALL = "all";
    /** The owner of a decision without one. */
    public static final String NO_OWNER = "(no owner)";

    /** How an account's requested offers changed. */
    public enum Change {
        /** A requested offers, B none. */
        only_a,
        /** B requested offers, A none. */
        only_b,
        /** Both requested offers, but not the same ones (another target, or more or fewer of them). */
        different_offers
    }

    /**
     * One side's figures for a signal and segment.
     *
     * @param signals decisions answering a signal (every status but withdrawn: the job takes one decision per signal)
     * @param decisions decisions by status
     * @param suppressed suppressions by reason
     * @param requested offers requested (to send, or to review first)
     * @param targetRevenue the requested offers' annual revenue, summed: what they ask the customers to add
     * @param expectedRevenue the requested offers' expected value (P(accept) × annual revenue), summed
     */
    public record Tally(long signals, Map<String, Long> decisions, Map<String, Long> suppressed, long requested,
            double targetRevenue, double expectedRevenue) {
        static Tally of(Collection<OfferDecision> decisions) {
            Map<String, Long> byStatus = new TreeMap<>();
            Map<String, Long> byReason = new TreeMap<>();
            long signals = 0;
            long requested = 0;
            // Summed exactly, so that the totals do not depend on the order the decisions were read in.
            BigDecimal target = BigDecimal.ZERO;
            BigDecimal expected = BigDecimal.ZERO;
            for (OfferDecision decision : decisions) {
                byStatus.merge(decision.status, 1L, Long::sum);
                if (!OfferDecision.WITHDRAWN.equals(decision.status)) {
                    signals++;
                }
                if (OfferDecision.SUPPRESSED.equals(decision.status)) {
                    byReason.merge(decision.reason, 1L, Long::sum);
                }
                if (OfferDecision.REQUESTED.equals(decision.status)) {
                    requested++;
                    target = target.add(finite(decision.annualRevenue));
                    expected = expected.add(finite(decision.expectedValue));
                }
            }
            return new Tally(signals, byStatus, byReason, requested, target.doubleValue(), expected.doubleValue());
        }

        /** B's figures less A's; a count one side lacks is 0 there. */
        Tally minus(Tally a) {
            return new Tally(signals - a.signals, difference(decisions, a.decisions), difference(suppressed, a.suppressed),
                    requested - a.requested, minus(targetRevenue, a.targetRevenue), minus(expectedRevenue, a.expectedRevenue));
        }

        private static double minus(double b, double a) {
            return BigDecimal.valueOf(b).subtract(BigDecimal.valueOf(a)).doubleValue();
        }

        private static Map<String, Long> difference(Map<String, Long> b, Map<String, Long> a) {
            Map<String, Long> difference = new TreeMap<>();
            a.forEach((key, count) -> difference.put(key, -count));
            b.forEach((key, count) -> difference.merge(key, count, Long::sum));
            return difference;
        }
    }

    /** @param difference B less A */
    @JsonPropertyOrder({"signal", "segment", "a", "b", "difference"})
    public record Row(String signal, String segment, Tally a, Tally b, Tally difference) {}

    /**
     * An account whose requested offers differ, with every decision that differs: what each side did at that moment.
     *
     * @param differences by time, then signal
     */
    @JsonPropertyOrder({"accountId", "ownerId", "segment", "change", "differences"})
    public record AccountChange(String accountId, String ownerId, String segment, Change change, List<DecisionDifference> differences) {}

    /**
     * One signal of one moment that the two sides decided differently, or that only one side had.
     *
     * @param a A's decision in words ({@code requested upsell → team}, {@code suppressed: cooldown}, {@code no signal})
     * @param reasonA A's reason code; null when it requested, or had no signal
     */
    @JsonPropertyOrder({"at", "signal", "a", "reasonA", "b", "reasonB"})
    public record DecisionDifference(String at, String signal, String a, String reasonA, String b, String reasonB) {}

    /** @param week the Monday (UTC) the week of decision starts on */
    @JsonPropertyOrder({"week", "ownerId", "a", "b"})
    public record WeekSends(String week, String ownerId, long a, long b) {}

    /**
     * @param a the current playbook's decisions, in any order
     * @param b the proposal's
     * @param labelA how the report names A (a config file, a topic prefix)
     * @param configChanges null when the configs are not known
     */
    public static PlaybookComparison of(String labelA, List<OfferDecision> a, String labelB, List<OfferDecision> b,
            List<ConfigDiff.Change> configChanges) {
        return new PlaybookComparison(labelA, labelB, configChanges == null ? null : List.copyOf(configChanges), row(ALL, ALL, a, b), segments(a, b),
                changedAccounts(a, b), sendsPerWeek(a, b));
    }

    private static Row row(String signal, String segment, List<OfferDecision> a, List<OfferDecision> b) {
        Tally tallyA = Tally.of(a);
        Tally tallyB = Tally.of(b);
        return new Row(signal, segment, tallyA, tallyB, tallyB.minus(tallyA));
    }

    private static List<Row> segments(List<OfferDecision> a, List<OfferDecision> b) {
        Map<String, List<OfferDecision>> groupsA = a.stream().collect(Collectors.groupingBy(PlaybookComparison::segmentKey, TreeMap::new, Collectors.toList()));
        Map<String, List<OfferDecision>> groupsB = b.stream().collect(Collectors.groupingBy(PlaybookComparison::segmentKey, TreeMap::new, Collectors.toList()));
        TreeMap<String, Boolean> keys = new TreeMap<>();
        groupsA.keySet().forEach(key -> keys.put(key, true));
        groupsB.keySet().forEach(key -> keys.put(key, true));
        List<Row> rows = new ArrayList<>();
        for (String key : keys.keySet()) {
            String[] parts = key.split("\u0000", 2);
            rows.add(row(parts[0], parts[1], groupsA.getOrDefault(key, List.of()), groupsB.getOrDefault(key, List.of())));
        }
        return rows;
    }

    private static String segmentKey(OfferDecision decision) {
        return Objects.toString(decision.signal, "") + "\u0000" + Objects.toString(decision.segment, "");
    }

    private static List<AccountChange> changedAccounts(List<OfferDecision> a, List<OfferDecision> b) {
        Map<String, List<OfferDecision>> byAccountA = a.stream().collect(Collectors.groupingBy(decision -> decision.accountId, TreeMap::new, Collectors.toList()));
        Map<String, List<OfferDecision>> byAccountB = b.stream().collect(Collectors.groupingBy(decision -> decision.accountId, TreeMap::new, Collectors.toList()));
        TreeMap<String, Boolean> accounts = new TreeMap<>();
        byAccountA.keySet().forEach(account -> accounts.put(account, true));
        byAccountB.keySet().forEach(account -> accounts.put(account, true));
        List<AccountChange> changes = new ArrayList<>();
        for (String account : accounts.keySet()) {
            List<OfferDecision> decisionsA = byAccountA.getOrDefault(account, List.of());
            List<OfferDecision> decisionsB = byAccountB.getOrDefault(account, List.of());
            List<String> offersA = requestedOffers(decisionsA);
            List<String> offersB = requestedOffers(decisionsB);
            if (offersA.equals(offersB)) {
                continue;
            }
            Change change = offersB.isEmpty() ? Change.only_a : offersA.isEmpty() ? Change.only_b : Change.different_offers;
            OfferDecision any = decisionsA.isEmpty() ? decisionsB.get(0) : decisionsA.get(0);
            changes.add(new AccountChange(account, any.ownerId, any.segment, change, differences(decisionsA, decisionsB)));
        }
        return changes;
    }

    /** The offers an account was asked to take, as a sorted list: equal lists mean the same offers, however timed. */
    private static List<String> requestedOffers(List<OfferDecision> decisions) {
        return decisions.stream().filter(decision -> OfferDecision.REQUESTED.equals(decision.status)).map(PlaybookComparison::offer).sorted().toList();
    }

    /** The decisions of each signal and moment, paired across the sides, where the two differ. */
    private static List<DecisionDifference> differences(List<OfferDecision> a, List<OfferDecision> b) {
        Map<String, OfferDecision> momentsA = byMoment(a);
        Map<String, OfferDecision> momentsB = byMoment(b);
        TreeMap<String, Boolean> moments = new TreeMap<>();
        momentsA.keySet().forEach(moment -> moments.put(moment, true));
        momentsB.keySet().forEach(moment -> moments.put(moment, true));
        List<DecisionDifference> differences = new ArrayList<>();
        for (String moment : moments.keySet()) {
            OfferDecision decisionA = momentsA.get(moment);
            OfferDecision decisionB = momentsB.get(moment);
            String wordsA = inWords(decisionA);
            String wordsB = inWords(decisionB);
            if (!wordsA.equals(wordsB)) {
                OfferDecision either = decisionA != null ? decisionA : decisionB;
                differences.add(new DecisionDifference(Instant.ofEpochMilli(either.decidedAt).toString(), either.signal, wordsA,
                        reason(decisionA), wordsB, reason(decisionB)));
            }
        }
        return differences;
    }

    /** Decisions by moment and signal: sortable by time, as the key starts with the zero-padded millisecond. */
    private static Map<String, OfferDecision> byMoment(List<OfferDecision> decisions) {
        Map<String, OfferDecision> moments = new TreeMap<>();
        for (OfferDecision decision : decisions) {
            moments.put(String.format("%020d|%s|%s", decision.decidedAt, decision.signal, decision.status.equals(OfferDecision.WITHDRAWN)
                    ? decision.offerId : ""), decision);
        }
        return moments;
    }

    /** A decision in a few words: {@code requested upsell → team}, {@code suppressed: cooldown}, {@code no signal}. */
    static String inWords(OfferDecision decision) {
        if (decision == null) {
            return NO_SIGNAL;
        }
        return switch (decision.status) {
            case OfferDecision.REQUESTED -> "requested " + offer(decision);
            case OfferDecision.WITHHELD -> "withheld (holdout): " + offer(decision);
            default -> decision.status.replace('_', ' ') + (decision.reason == null ? "" : ": " + decision.reason);
        };
    }

    private static String reason(OfferDecision decision) {
        return decision == null ? null : decision.reason;
    }

    /** What is offered: {@code upsell → team}, {@code seat_expansion → team ×24}, {@code cross_sell → analytics}. */
    private static String offer(OfferDecision decision) {
        String target = decision.addOn != null ? decision.addOn : decision.target;
        return decision.kind + (target == null ? "" : " → " + target) + (decision.seats == null ? "" : " ×" + decision.seats);
    }

    private static List<WeekSends> sendsPerWeek(List<OfferDecision> a, List<OfferDecision> b) {
        Map<String, long[]> weeks = new TreeMap<>();
        count(a, weeks, 0);
        count(b, weeks, 1);
        return weeks.entrySet().stream().map(entry -> {
            String[] parts = entry.getKey().split("\u0000", 2);
            return new WeekSends(parts[0], parts[1], entry.getValue()[0], entry.getValue()[1]);
        }).toList();
    }

    private static void count(List<OfferDecision> decisions, Map<String, long[]> weeks, int side) {
        for (OfferDecision decision : decisions) {
            if (OfferDecision.REQUESTED.equals(decision.status)) {
                String key = weekOf(decision.decidedAt) + "\u0000" + (decision.ownerId == null ? NO_OWNER : decision.ownerId);
                weeks.computeIfAbsent(key, ignored -> new long[2])[side]++;
            }
        }
    }

    /** The Monday (UTC) of the ISO week the instant falls in. */
    public static String weekOf(long millis) {
        return Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC).toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toString();
    }

    /** Requested offers per week, both sides, all owners together: the chart's two lines. */
    public List<WeekSends> sendsPerWeekInTotal() {
        Map<String, long[]> weeks = new TreeMap<>();
        for (WeekSends sends : sendsPerWeek) {
            long[] counts = weeks.computeIfAbsent(sends.week(), ignored -> new long[2]);
            counts[0] += sends.a();
            counts[1] += sends.b();
        }
        return weeks.entrySet().stream().map(entry -> new WeekSends(entry.getKey(), ALL, entry.getValue()[0], entry.getValue()[1])).toList();
    }

    private static BigDecimal finite(Double value) {
        return value == null || !Double.isFinite(value) ? BigDecimal.ZERO : BigDecimal.valueOf(value);
    }
}
