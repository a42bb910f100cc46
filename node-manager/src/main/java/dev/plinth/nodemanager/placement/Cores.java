package dev.plinth.nodemanager.placement;

import java.math.BigDecimal;

/**
 * CPU in whole millicores. Adding and subtracting fractions of cores as doubles drifts, so that
 * 0.1 ten times would not fit one core. Counting in millicores is exact.
 */
final class Cores {

    private Cores() {
    }

    /** @return the cores as millicores, rounded to the nearest one */
    static long milli(double cores) {
        return Math.round(cores * 1000);
    }

    /** @return the millicores as cores with at least one decimal, e.g. 1.0, 1.5, 0.25 */
    static String format(long milli) {
        BigDecimal cores = BigDecimal.valueOf(milli, 3).stripTrailingZeros();
        return (cores.scale() < 1 ? cores.setScale(1) : cores).toPlainString();
    }
}
