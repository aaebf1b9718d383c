package dev.upshift.common.config;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Checks the bound config for values that parse but make no sense, naming the path and what is expected. */
final class ConfigValidator {
    private final String file;

    private ConfigValidator(String file) {
        this.file = file;
    }

    static void validate(String file, UpshiftConfig config) {
        new ConfigValidator(file).check(config);
    }

    private void check(UpshiftConfig c) {
        present(c.topics(), "topics");
        text(c.topics().events(), "topics.events");
        text(c.topics().accounts(), "topics.accounts");
        text(c.topics().signals(), "topics.signals");
        text(c.topics().offers(), "topics.offers");
        text(c.topics().dlq(), "topics.dlq");

        present(c.time(), "time");
        nonNegative(c.time().maxOutOfOrderness(), "time.maxOutOfOrderness");
        nonNegative(c.time().allowedLateness(), "time.allowedLateness");
        positive(c.time().sourceIdleness(), "time.sourceIdleness");
        positive(c.time().dedupRetention(), "time.dedupRetention");
        require(c.time().dedupRetention().compareTo(c.time().allowedLateness().plus(c.time().maxOutOfOrderness())) >= 0,
                "time.dedupRetention", "at least allowedLateness + maxOutOfOrderness, so a repeat is either caught or late, got "
                        + c.time().dedupRetention());

        present(c.accounts(), "accounts");
        positive(c.accounts().pendingMaxAge(), "accounts.pendingMaxAge");
        atLeast(c.accounts().pendingMaxEvents(), 1, "accounts.pendingMaxEvents");

        present(c.usage(), "usage");
        positive(c.usage().retention(), "usage.retention");

        present(c.signals(), "signals");
        UpshiftConfig.LimitPressure pressure = c.signals().limitPressure();
        present(pressure, "signals.limitPressure");
        fraction(pressure.threshold(), "signals.limitPressure.threshold");
        atLeast(pressure.consecutiveWeeks(), 1, "signals.limitPressure.consecutiveWeeks");
        positive(pressure.counterWindow(), "signals.limitPressure.counterWindow");
        Duration needed = Duration.ofDays(7L * pressure.consecutiveWeeks()).plus(pressure.counterWindow());
        require(c.usage().retention().compareTo(needed) >= 0, "usage.retention",
                "at least consecutiveWeeks x 7 days + counterWindow (" + needed + ") so the signal can see its data, got "
                        + c.usage().retention());
        UpshiftConfig.SeatGrowth seats = c.signals().seatGrowth();
        present(seats, "signals.seatGrowth");
        atLeast(seats.minSeatsAdded(), 2, "signals.seatGrowth.minSeatsAdded");
        positive(seats.window(), "signals.seatGrowth.window");
        text(seats.seatMetric(), "signals.seatGrowth.seatMetric");

        present(c.offers(), "offers");
        nonNegative(c.offers().cooldown(), "offers.cooldown");
        require(c.offers().headroom() >= 0, "offers.headroom", "a fraction >= 0, got " + c.offers().headroom());

        checkCatalog(c.catalog());
        present(c.flink(), "flink");
    }

    private void checkCatalog(PlanCatalog catalog) {
        present(catalog, "catalog");
        require(!catalog.metrics().isEmpty(), "catalog.metrics", "at least one metric with its kind (counter or gauge)");
        require(!catalog.plans().isEmpty(), "catalog.plans", "at least one plan");
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < catalog.plans().size(); i++) {
            Plan plan = catalog.plans().get(i);
            String at = "catalog.plans[" + i + "]";
            text(plan.id(), at + ".id");
            require(ids.add(plan.id()), at + ".id", "a unique plan id, got a second '" + plan.id() + "'");
            require(plan.monthlyPrice() >= 0, at + ".monthlyPrice", "a price >= 0, got " + plan.monthlyPrice());
            for (Map.Entry<String, Double> limit : plan.limits().entrySet()) {
                String limitAt = at + ".limits." + limit.getKey();
                require(catalog.metrics().containsKey(limit.getKey()), limitAt,
                        "a metric declared under catalog.metrics " + catalog.metrics().keySet());
                require(limit.getValue() != null && limit.getValue() > 0, limitAt, "a limit > 0, got " + limit.getValue());
            }
        }
    }

    private void present(Object section, String path) {
        require(section != null, path, "this section to be present");
    }

    private void text(String value, String path) {
        require(value != null && !value.isBlank(), path, "a non-empty string");
    }

    private void positive(Duration value, String path) {
        require(value != null && !value.isNegative() && !value.isZero(), path, "a positive ISO-8601 duration, got " + value);
    }

    private void nonNegative(Duration value, String path) {
        require(value != null && !value.isNegative(), path, "an ISO-8601 duration >= 0, got " + value);
    }

    private void fraction(double value, String path) {
        require(value > 0 && value <= 1, path, "a fraction in (0, 1], got " + value);
    }

    private void atLeast(int value, int min, String path) {
        require(value >= min, path, "a whole number >= " + min + ", got " + value);
    }

    private void require(boolean ok, String path, String expected) {
        if (!ok) {
            throw new ConfigException(file, path, "expected " + expected);
        }
    }
}
