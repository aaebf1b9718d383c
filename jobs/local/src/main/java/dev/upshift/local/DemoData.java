package dev.upshift.local;

import dev.upshift.common.json.Json;
import dev.upshift.common.logic.OfferPolicy;
import dev.upshift.common.logic.UtcDays;
import dev.upshift.common.model.Evidence;
import dev.upshift.common.model.Signal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * A realistic synthetic stream for the demo: accounts on several plans, 16 weeks of daily usage, every
 * signal of the catalog planted somewhere (with near misses that must not fire), guardrail situations
 * (trials, new accounts, locked contracts, opt-outs, problem tickets), offer outcomes on the feedback topic,
 * noise, and a sprinkling of every kind of bad input. Seeded, so every demo run sees the same data.
 *
 * <p>Why one class of this length: the planted cases share one seeded random stream and one calendar, so that every
 * demo run sees the same data; split, their order of draws (and so the data) would depend on how the parts are
 * called.
 */
public final class DemoData {
    static final LocalDate START = LocalDate.of(2026, 6, 1).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    static final int WEEKS = 16;

    private static final String[] PLANS = {"starter", "team", "business", "enterprise"};
    private static final double[] API_LIMITS = {10_000, 100_000, 1_000_000, 0};
    private static final double[] STORAGE_LIMITS = {10, 100, 1000, 0};
    private static final double[] SEAT_LIMITS = {5, 20, 100, 0};
    private static final String[] NOISE_TYPES = {"page_view", "feature_used", "page_view", "export"};

    /** One record to produce: key and JSON value, with the event time used to order the stream. */
    /** The account owners (CSMs) the synthetic accounts are spread over. */
    public static final List<String> OWNERS = IntStream.rangeClosed(1, 12).mapToObj(n -> "csm-" + n).toList();

    public record Record(String key, String value, long time) {}

    public record Data(List<Record> accounts, List<Record> events, List<Record> feedback) {}

    private final Random random = new Random(20260601L);
    private final List<Record> accounts = new ArrayList<>();
    private final List<Record> events = new ArrayList<>();
    private final List<Record> feedback = new ArrayList<>();
    private long eventSeq;

    public static Data generate(int accountCount) {
        DemoData data = new DemoData();
        for (int i = 0; i < accountCount; i++) {
            data.account(String.format("acct-%05d", i));
        }
        data.badInput(accountCount);
        data.events.sort(Comparator.comparingLong(Record::time));
        data.feedback.sort(Comparator.comparingLong(Record::time));
        return new Data(data.accounts, data.events, data.feedback);
    }

    private void account(String accountId) {
        int tier = pickTier();
        String status = random.nextInt(100) < 5 ? "trial" : "active";
        int startOffset = random.nextInt(100) < 4 ? -(20 + random.nextInt(40)) : 30 + random.nextInt(600); // a few sign up mid-run
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("accountId", accountId);
        account.put("name", "Company " + accountId.substring(5));
        account.put("planId", PLANS[tier]);
        account.put("billingCycle", random.nextInt(10) < 3 ? "monthly" : "annual");
        account.put("startedAt", at(START.minusDays(startOffset), 9));
        account.put("renewalAt", at(START.plusDays(30 + random.nextInt(300)), 0));
        account.put("ownerId", OWNERS.get(random.nextInt(OWNERS.size())));
        Map<String, Object> contact = new LinkedHashMap<>(Map.of("name", "Contact " + accountId.substring(5),
                "email", "ops@" + accountId + ".example.com", "timezone", random.nextBoolean() ? "Europe/Berlin" : "America/New_York"));
        if (Integer.parseInt(accountId.substring(5)) % 4 != 0) { // most accounts have an onboarding thread to reply under
            contact.put("conversationId", "<onboarding-" + accountId + "@support.upshift-demo.test>");
        }
        account.put("contact", contact);
        account.put("discountPct", random.nextInt(4) == 0 ? 10 : 0);
        account.put("terms", Map.of("paymentTerms", random.nextBoolean() ? "net30" : "card"));
        account.put("status", status);
        if (random.nextInt(100) < 3) {
            account.put("upgradeEligible", false); // a locked multi-year contract
        }
        if (random.nextInt(100) < 2) {
            account.put("optedOut", true);
        }
        if (tier > 0 && random.nextInt(100) < 20) {
            account.put("addOns", List.of("analytics"));
        }
        accounts.add(new Record(accountId, Json.toText(account), 0));
        int firstDay = Math.max(0, -startOffset);
        if (tier < 3) {
            usage(accountId, tier, firstDay);
        }
        team(accountId, firstDay);
        behaviours(accountId, tier, firstDay);
        noise(accountId, firstDay);
    }

    private int pickTier() {
        int roll = random.nextInt(100);
        return roll < 40 ? 0 : roll < 75 ? 1 : roll < 95 ? 2 : 3;
    }

    /** Usage against the plan's limits; some accounts are planted with sustained pressure or seat bursts. */
    /**
     * Usage against the plan's limits. Planted: sustained pressure (and near misses), a storage spike into the
     * hard wall, and a sharp lasting drop.
     */
    private void usage(String accountId, int tier, int firstDay) {
        int roll = random.nextInt(100);
        double base = 0.2 + random.nextDouble() * 0.4;
        double apiLevel = base;
        double storageLevel = 0.1 + random.nextDouble() * 0.4;
        int pressureFromWeek = -1;
        int dropFromWeek = -1;
        int storageSpikeDay = -1;
        if (roll < 12) {
            pressureFromWeek = 2 + random.nextInt(WEEKS - 6);
        } else if (roll < 18) {
            apiLevel = 0.70 + random.nextDouble() * 0.08; // near miss: busy, but never 80%
        } else if (roll < 22) {
            dropFromWeek = 7 + random.nextInt(6); // usage falls to a third and stays there
        } else if (roll < 25) {
            storageSpikeDay = 20 + random.nextInt(80); // one report at 96-99% of the storage limit
        }
        boolean pressureOnStorage = random.nextBoolean();
        for (int day = firstDay; day < WEEKS * 7; day++) {
            int week = day / 7;
            boolean pressured = pressureFromWeek >= 0 && week >= pressureFromWeek && week < pressureFromWeek + 5;
            double api = pressured && !pressureOnStorage ? 0.86 + random.nextDouble() * 0.1 : apiLevel;
            if (dropFromWeek >= 0 && week >= dropFromWeek) {
                api = apiLevel / 3;
            }
            emitUsage(accountId, day, "api_calls", "quantity", API_LIMITS[tier] * api / 30 * (0.9 + random.nextDouble() * 0.2));
            if (day % 3 == 0 || day == storageSpikeDay) {
                double storage = pressured && pressureOnStorage ? 0.82 + random.nextDouble() * 0.1
                        : day == storageSpikeDay ? 0.96 + random.nextDouble() * 0.03 : storageLevel;
                emitUsage(accountId, day, "storage_gb", "value", Math.round(STORAGE_LIMITS[tier] * storage * 10) / 10.0);
            }
        }
        seats(accountId, tier, firstDay);
    }

    private void seats(String accountId, int tier, int firstDay) {
        int seats = Math.max(1, (int) (SEAT_LIMITS[tier] * (0.3 + random.nextDouble() * 0.3)));
        emitUsage(accountId, firstDay, "seats", "value", seats);
        int roll = random.nextInt(100);
        if (roll < 10) {
            int day = 14 + random.nextInt(70);
            int burst = 2 + random.nextInt(2);
            for (int i = 0; i < burst; i++) {
                seats++;
                emitSeatAdded(accountId, day + i * (1 + random.nextInt(5)), seats);
            }
        } else if (roll < 16) {
            int day = Math.max(firstDay, 7 + random.nextInt(50));
            for (int i = 0; i < 2; i++) { // spread out: 20 days apart, never two within 14 days
                seats++;
                emitSeatAdded(accountId, day + i * 20, seats);
            }
        }
    }

    /**
     * The people using the product: a few regulars with a session or two a week. Planted: a team that
     * doubles from some week on, and one power user with a session almost every day for three weeks.
     */
    private void team(String accountId, int firstDay) {
        int regulars = 3 + random.nextInt(3);
        int roll = random.nextInt(100);
        int doublesFromWeek = roll < 6 ? 7 + random.nextInt(7) : -1;
        int powerFromWeek = roll >= 6 && roll < 12 ? 3 + random.nextInt(10) : -1;
        for (int week = firstDay / 7 + 1; week < WEEKS; week++) {
            int active = doublesFromWeek >= 0 && week >= doublesFromWeek ? regulars * 2 + 1 : regulars;
            for (int user = 0; user < active; user++) {
                emitUserEvent(accountId, "session", week * 7 + random.nextInt(7), "member-" + user, Map.of());
            }
            if (powerFromWeek >= 0 && week >= powerFromWeek && week < powerFromWeek + 3) {
                for (int day = 0; day < 6; day++) {
                    emitUserEvent(accountId, "session", week * 7 + day, "member-power", Map.of());
                }
            }
        }
    }

    /**
     * What users try and ask for. Planted: repeated hits on higher-plan features (and a near miss spread over
     * three weeks), an enterprise integration tried twice in two days, asks for capabilities of a higher tier,
     * a workaround done again and again, weekly exports that suggest the analytics add-on, and problem tickets.
     * Some asks get an answer on the feedback topic: accepted, declined or no response.
     */
    private void behaviours(String accountId, int tier, int firstDay) {
        int span = WEEKS * 7 - 21 - firstDay;
        int roll = random.nextInt(100);
        int day = firstDay + 7 + random.nextInt(Math.max(1, span - 7));
        if (roll < 8 && tier < 2) {
            for (int i = 0; i < 3; i++) {
                emitUserEvent(accountId, "feature_gate", day + i * 3, "member-0", Map.of("feature", "sso"));
            }
        } else if (roll < 11 && tier < 2) {
            for (int i = 0; i < 3; i++) { // near miss: 9 days apart, never 3 within 14 days
                emitUserEvent(accountId, "feature_gate", day + i * 9, "member-0", Map.of("feature", "sso"));
            }
        } else if (roll < 14 && tier < 3) {
            emitUserEvent(accountId, "feature_gate", day, "member-1", Map.of("feature", "salesforce_sync"));
            emitUserEvent(accountId, "feature_gate", day + 1, "member-1", Map.of("feature", "salesforce_sync"));
        } else if (roll < 20 && tier < 2) {
            long askedAt = emitUserEvent(accountId, "support_request", day, "member-0", Map.of("capability", "saml"));
            answer(accountId, "explicit_ask", "sso", "saml", PLANS[tier], askedAt);
        } else if (roll < 23) {
            emitUserEvent(accountId, "docs_view", day, "member-2", Map.of("capability", "audit_trail"));
        } else if (roll < 28 && tier < 3) {
            for (int i = 0; i < 3; i++) {
                emitUserEvent(accountId, "workaround", day + i * 6, "member-1", Map.of("name", "manual_csv_merge"));
            }
        } else if (roll < 34 && tier > 0 && tier < 3) {
            for (int week = day / 7; week < Math.min(WEEKS, day / 7 + 4); week++) {
                for (int i = 0; i < 5; i++) {
                    emitUserEvent(accountId, "export", week * 7 + i, "member-2", Map.of());
                }
            }
        }
        if (random.nextInt(100) < 4) {
            emitUserEvent(accountId, "ticket_opened", firstDay + random.nextInt(WEEKS * 7 - firstDay), "member-0",
                    Map.of("attributes", Map.of("severity", "high")));
        }
    }

    /** An outcome for the offer an ask should lead to; the offer id is the one the job derives for it. */
    private void answer(String accountId, String signal, String feature, String capability, String planId, long askedAt) {
        Signal asked = new Signal();
        asked.accountId = accountId;
        asked.signal = signal;
        asked.firedAt = askedAt;
        asked.evidence = new Evidence();
        asked.evidence.trigger = Evidence.EVENTS_IN_WINDOW;
        asked.evidence.feature = feature;
        asked.evidence.capability = capability;
        int roll = random.nextInt(10);
        String outcome = roll < 4 ? "accepted" : roll < 7 ? "declined" : "no_response";
        long answeredAt = askedAt + (outcome.equals("no_response") ? 14L : 1 + random.nextInt(3)) * UtcDays.DAY_MILLIS;
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("feedbackId", "fb-" + accountId + "-" + askedAt);
        record.put("accountId", accountId);
        record.put("offerId", OfferPolicy.offerId(asked));
        record.put("outcome", outcome);
        record.put("occurredAt", Instant.ofEpochMilli(answeredAt).toString());
        record.put("signal", signal);
        record.put("segment", planId);
        feedback.add(new Record(accountId, Json.toText(record), answeredAt));
    }

    private void noise(String accountId, int firstDay) {
        for (int day = firstDay; day < WEEKS * 7; day++) {
            if (random.nextInt(3) == 0) {
                emitUserEvent(accountId, NOISE_TYPES[random.nextInt(NOISE_TYPES.length)], day, "user-" + random.nextInt(20), Map.of());
            }
        }
    }

    /** @return the event time */
    private long emitUserEvent(String accountId, String type, int day, String userId, Map<String, Object> fields) {
        Map<String, Object> event = base(accountId, type, day);
        event.put("userId", userId);
        event.putAll(fields);
        emit(accountId, event);
        return Instant.parse((String) event.get("occurredAt")).toEpochMilli();
    }

    private void emitUsage(String accountId, int day, String metric, String amountField, double amount) {
        Map<String, Object> event = base(accountId, "usage", day);
        event.put("metric", metric);
        event.put(amountField, Math.round(amount * 100) / 100.0);
        emit(accountId, event);
    }

    private void emitSeatAdded(String accountId, int day, int seatNumber) {
        Map<String, Object> event = base(accountId, "seat_added", day);
        event.put("userId", "user-" + seatNumber);
        emit(accountId, event);
        emitUsage(accountId, day, "seats", "value", seatNumber);
    }

    private Map<String, Object> base(String accountId, String type, int day) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventId", "evt-" + (++eventSeq));
        event.put("accountId", accountId);
        event.put("type", type);
        event.put("occurredAt", at(START.plusDays(day), 8 + random.nextInt(10)) .replace(":00:00Z", ":" + twoDigits(random.nextInt(60)) + ":00Z"));
        return event;
    }

    private void emit(String accountId, Map<String, Object> event) {
        events.add(new Record(accountId, Json.toText(event), Instant.parse((String) event.get("occurredAt")).toEpochMilli()));
    }

    /** Every kind of bad input the job must dead-letter without stopping, each placed at its own event time. */
    private void badInput(int accountCount) {
        for (int i = 0; i < 40; i++) {
            String accountId = String.format("acct-%05d", random.nextInt(accountCount));
            String time = at(START.plusDays(random.nextInt(WEEKS * 7)), 12);
            String head = "{\"accountId\":\"" + accountId + "\",\"occurredAt\":\"" + time + "\",";
            addAt(time, accountId, "{\"eventId\": \"broken-" + i + "\", \"accountId\": ");
            addAt(time, accountId, "{\"eventId\":\"nofield-" + i + "\",\"type\":\"usage\",\"occurredAt\":\"" + time + "\"}");
            addAt(time, accountId, "{\"eventId\":\"badtime-" + i + "\",\"accountId\":\"" + accountId
                    + "\",\"type\":\"session\",\"occurredAt\":\"yesterday\"}");
            addAt(time, accountId, head + "\"eventId\":\"neg-" + i + "\",\"type\":\"usage\",\"metric\":\"api_calls\",\"quantity\":-5}");
            addAt(time, accountId, head + "\"eventId\":\"noamount-" + i + "\",\"type\":\"usage\",\"metric\":\"api_calls\"}");
            addAt(time, "acct-ghost-" + i, "{\"eventId\":\"ghost-" + i + "\",\"accountId\":\"acct-ghost-" + i
                    + "\",\"type\":\"session\",\"occurredAt\":\"" + time + "\"}");
        }
        List<Record> duplicates = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            duplicates.add(events.get(random.nextInt(events.size())));
        }
        events.addAll(duplicates);
        long end = Instant.parse(at(START.plusDays(WEEKS * 7L), 0)).toEpochMilli();
        for (int i = 0; i < 20; i++) { // arrive at the very end, 20 days after they happened: too late
            String accountId = String.format("acct-%05d", random.nextInt(accountCount));
            events.add(new Record(accountId, "{\"eventId\":\"late-" + i + "\",\"accountId\":\"" + accountId
                    + "\",\"type\":\"session\",\"occurredAt\":\"" + at(START.plusDays(WEEKS * 7L - 20), 12) + "\"}", end + 1));
        }
        for (int i = 0; i < 5; i++) {
            accounts.add(new Record("acct-bad-" + i, "{\"accountId\":\"acct-bad-" + i + "\",\"planId\":\"platinum\"}", 0));
            accounts.add(new Record("acct-noplan-" + i, "{\"accountId\":\"acct-noplan-" + i + "\",\"name\":\"No plan\"}", 0));
        }
        for (int i = 0; i < 5; i++) { // hostile values: a clock in 2031, a year no clock holds, an amount that reads as infinity
            String accountId = String.format("acct-%05d", random.nextInt(accountCount));
            String time = at(START.plusDays(random.nextInt(WEEKS * 7)), 13);
            addAt(time, accountId, "{\"eventId\":\"future-" + i + "\",\"accountId\":\"" + accountId
                    + "\",\"type\":\"session\",\"userId\":\"u-1\",\"occurredAt\":\"2031-01-01T00:00:00Z\"}");
            addAt(time, accountId, "{\"eventId\":\"overflow-" + i + "\",\"accountId\":\"" + accountId
                    + "\",\"type\":\"session\",\"occurredAt\":\"+300000000-01-01T00:00:00Z\"}");
            addAt(time, accountId, "{\"eventId\":\"infinite-" + i + "\",\"accountId\":\"" + accountId
                    + "\",\"type\":\"usage\",\"metric\":\"api_calls\",\"quantity\":1e400,\"occurredAt\":\"" + time + "\"}");
        }
    }

    /** The data as the JSON-lines files {@code ./upshift backtest} reads: one record per line, in the order produced. */
    static void export(Data data, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("accounts.jsonl"), data.accounts().stream().map(Record::value).filter(Objects::nonNull).toList());
        Files.write(dir.resolve("events.jsonl"), data.events().stream().map(Record::value).toList());
        Files.write(dir.resolve("feedback.jsonl"), data.feedback().stream().map(Record::value).toList());
    }

    private void addAt(String time, String key, String value) {
        events.add(new Record(key, value, Instant.parse(time).toEpochMilli()));
    }

    private static String at(LocalDate date, int hour) {
        return date.atTime(hour, 0).toInstant(ZoneOffset.UTC).toString();
    }

    private static String twoDigits(int n) {
        return n < 10 ? "0" + n : String.valueOf(n);
    }
}
