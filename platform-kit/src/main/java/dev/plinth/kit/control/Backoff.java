package dev.plinth.kit.control;

import io.github.resilience4j.core.IntervalFunction;

import java.time.Duration;

/**
 * How long to wait after the n-th failure in a row: {@code first}, doubling, never more than
 * {@code max}, spread by ±{@code jitter} (a fraction, 0 for none) so that many callers failing
 * together do not retry together. The arithmetic is resilience4j's {@link IntervalFunction}.
 */
public final class Backoff {

    private final Duration first;
    private final Duration max;
    private final double jitter;
    private final IntervalFunction interval;

    private Backoff(Duration first, Duration max, double jitter) {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("a backoff needs 0 < first <= max, not " + first + " and " + max);
        }
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("jitter is a fraction in [0, 1), not " + jitter);
        }
        this.first = first;
        this.max = max;
        this.jitter = jitter;
        this.interval = jitter == 0
                ? IntervalFunction.ofExponentialBackoff(first, 2.0, max)
                : IntervalFunction.ofExponentialRandomBackoff(first, 2.0, jitter, max);
    }

    /** @return a backoff that doubles from {@code first} up to {@code max}, the same every time */
    public static Backoff exponential(Duration first, Duration max) {
        return new Backoff(first, max, 0);
    }

    /** @return this backoff with every wait spread by ±{@code fraction} of itself */
    public Backoff withJitter(double fraction) {
        return new Backoff(first, max, fraction);
    }

    /**
     * @param failures failures in a row so far, 1 for the first
     * @return how long to wait before the next attempt
     */
    public Duration delay(int failures) {
        // resilience4j steps through every attempt; past 62 doublings any wait is at the cap anyway.
        return Duration.ofMillis(interval.apply(Math.min(Math.max(1, failures), 63)));
    }

    /** @return the longest wait */
    public Duration max() {
        return max;
    }

    @Override
    public String toString() {
        return "Backoff[" + first + " doubling to " + max + (jitter == 0 ? "" : ", ±" + jitter) + "]";
    }
}
