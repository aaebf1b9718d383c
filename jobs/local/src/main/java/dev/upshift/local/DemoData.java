package dev.upshift.local;

import dev.upshift.common.json.Json;
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
import java.util.Random;

/**
 * A realistic synthetic stream for the demo: accounts on several plans, 16 weeks of daily usage, planted
 * upgrade patterns (sustained limit pressure, seat bursts), near misses that must not fire, noise events,
 * and a sprinkling of every kind of bad input. Seeded, so every demo run sees the same data.
 */
final class DemoData {
    static final LocalDate START = LocalDate.of(2026, 6, 1).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    static final int WEEKS = 16;

    private static final String[] PLANS = {"starter", "team", "business", "enterprise"};
    private static final double[] API_LIMITS = {10_000, 100_000, 1_000_000, 0};
    private static final double[] STORAGE_LIMITS = {10, 100, 1000, 0};
    private static final double[] SEAT_LIMITS = {5, 20, 100, 0};
    private static final String[] NOISE_TYPES = {"session", "page_view", "feature_used", "export"};

    /** One record to produce: key and JSON value, with the event time used to order the stream. */
    record Record(String key, String value, long time) {}

    record Data(List<Record> accounts, List<Record> events) {}

    private final Random random = new Random(20260601L);
    private final List<Record> accounts = new ArrayList<>();
    private final List<Record> events = new ArrayList<>();
    private long eventSeq;

    static Data generate(int accountCount) {
        DemoData data = new DemoData();
        for (int i = 0; i < accountCount; i++) {
            data.account(String.format("acct-%05d", i));
        }
        data.badInput(accountCount);
        data.events.sort(Comparator.comparingLong(Record::time));
        return new Data(data.accounts, data.events);
    }

    private void account(String accountId) {
        int tier = pickTier();
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("accountId", accountId);
        account.put("name", "Company " + accountId.substring(5));
        account.put("planId", PLANS[tier]);
        account.put("billingCycle", random.nextInt(3) == 0 ? "annual" : "monthly");
        account.put("startedAt", at(START.minusDays(60 + random.nextInt(600)), 9));
        account.put("renewalAt", at(START.plusDays(30 + random.nextInt(300)), 0));
        account.put("ownerId", "csm-" + (1 + random.nextInt(12)));
        account.put("contact", Map.of("name", "Contact " + accountId.substring(5),
                "email", "ops@" + accountId + ".example.com", "timezone", random.nextBoolean() ? "Europe/Berlin" : "America/New_York"));
        account.put("discountPct", random.nextInt(4) == 0 ? 10 : 0);
        account.put("status", "active");
        accounts.add(new Record(accountId, Json.toText(account), 0));
        if (tier < 3) {
            usage(accountId, tier);
        }
        noise(accountId);
    }

    private int pickTier() {
        int roll = random.nextInt(100);
        return roll < 40 ? 0 : roll < 75 ? 1 : roll < 95 ? 2 : 3;
    }

    /** Usage against the plan's limits; some accounts are planted with sustained pressure or seat bursts. */
    private void usage(String accountId, int tier) {
        int roll = random.nextInt(100);
        double base = 0.2 + random.nextDouble() * 0.4;
        double apiLevel = base;
        double storageLevel = 0.1 + random.nextDouble() * 0.4;
        int pressureFromWeek = -1;
        if (roll < 12) {
            pressureFromWeek = 2 + random.nextInt(WEEKS - 6);
        } else if (roll < 18) {
            apiLevel = 0.70 + random.nextDouble() * 0.08; // near miss: busy, but never 80%
        }
        boolean pressureOnStorage = random.nextBoolean();
        for (int day = 0; day < WEEKS * 7; day++) {
            int week = day / 7;
            boolean pressured = pressureFromWeek >= 0 && week >= pressureFromWeek && week < pressureFromWeek + 5;
            double api = pressured && !pressureOnStorage ? 0.86 + random.nextDouble() * 0.1 : apiLevel;
            emitUsage(accountId, day, "api_calls", "quantity", API_LIMITS[tier] * api / 30 * (0.9 + random.nextDouble() * 0.2));
            if (day % 3 == 0) {
                double storage = pressured && pressureOnStorage ? 0.82 + random.nextDouble() * 0.1 : storageLevel;
                emitUsage(accountId, day, "storage_gb", "value", Math.round(STORAGE_LIMITS[tier] * storage * 10) / 10.0);
            }
        }
        seats(accountId, tier);
    }

    private void seats(String accountId, int tier) {
        int seats = Math.max(1, (int) (SEAT_LIMITS[tier] * (0.3 + random.nextDouble() * 0.3)));
        emitUsage(accountId, 0, "seats", "value", seats);
        int roll = random.nextInt(100);
        if (roll < 10) {
            int day = 14 + random.nextInt(70);
            int burst = 2 + random.nextInt(2);
            for (int i = 0; i < burst; i++) {
                seats++;
                emitSeatAdded(accountId, day + i * (1 + random.nextInt(5)), seats);
            }
        } else if (roll < 16) {
            int day = 7 + random.nextInt(50);
            for (int i = 0; i < 2; i++) { // spread out: 20 days apart, never two within 14 days
                seats++;
                emitSeatAdded(accountId, day + i * 20, seats);
            }
        }
    }

    private void noise(String accountId) {
        for (int day = 0; day < WEEKS * 7; day++) {
            if (random.nextInt(3) == 0) {
                Map<String, Object> event = base(accountId, NOISE_TYPES[random.nextInt(NOISE_TYPES.length)], day);
                event.put("userId", "user-" + random.nextInt(20));
                emit(accountId, event);
            }
        }
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
