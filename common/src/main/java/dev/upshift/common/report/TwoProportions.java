package dev.upshift.common.report;

/**
 * The difference between two conversion rates, treatment minus holdout, with a 95% confidence interval by
 * Newcombe's hybrid score method (method 10 of Newcombe, "Interval estimation for the difference between
 * independent proportions", Statistics in Medicine 17, 1998): each rate gets its Wilson score interval, and the
 * difference's limits combine their distances. Unlike the textbook Wald interval it stays inside [-1, 1] and
 * behaves with small groups and rates near 0 or 1, which is what a holdout of a few percent gives.
 *
 * @param treated conversions among the treated; {@code treatedTotal} the treated
 * @param held conversions in the holdout; {@code heldTotal} the held out
 */
public record TwoProportions(long treated, long treatedTotal, long held, long heldTotal) {
    /** z for a two-sided 95% interval. */
    static final double Z = 1.959963984540054;

    public TwoProportions {
        if (treated < 0 || held < 0 || treated > treatedTotal || held > heldTotal) {
            throw new IllegalArgumentException("conversions must lie between 0 and their group's size");
        }
    }

    /** Whether both groups have members, so that a difference exists. */
    public boolean isDefined() {
        return treatedTotal > 0 && heldTotal > 0;
    }

    public double treatedRate() {
        return (double) treated / treatedTotal;
    }

    public double heldRate() {
        return (double) held / heldTotal;
    }

    /** Treatment rate minus holdout rate: the lift, in absolute terms. */
    public double difference() {
        return treatedRate() - heldRate();
    }

    public Interval interval() {
        Interval t = wilson(treated, treatedTotal);
        Interval h = wilson(held, heldTotal);
        double p1 = treatedRate();
        double p2 = heldRate();
        double lower = difference() - Math.sqrt(square(p1 - t.lower()) + square(h.upper() - p2));
        double upper = difference() + Math.sqrt(square(t.upper() - p1) + square(p2 - h.lower()));
        return new Interval(lower, upper);
    }

    /** Wilson's score interval for one proportion. */
    static Interval wilson(long successes, long total) {
        double p = (double) successes / total;
        double zz = Z * Z;
        double denominator = 1 + zz / total;
        double centre = (p + zz / (2.0 * total)) / denominator;
        double half = Z / denominator * Math.sqrt(p * (1 - p) / total + zz / (4.0 * total * total));
        return new Interval(centre - half, centre + half);
    }

    private static double square(double x) {
        return x * x;
    }

    public record Interval(double lower, double upper) {
        /** Whether the whole interval lies above zero: the lift is there at 95% confidence. */
        public boolean excludesZero() {
            return lower > 0 || upper < 0;
        }
    }
}
