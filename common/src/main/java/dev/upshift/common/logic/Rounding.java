package dev.upshift.common.logic;

/** Figures written for people: rounded so that 8.7 / 10 reads 0.87, not 0.8699999999999999. */
public final class Rounding {
    private Rounding() {}

    public static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    /** Utilizations and probabilities: four decimals. */
    public static double ratio(double value) {
        return round(value, 4);
    }
}
