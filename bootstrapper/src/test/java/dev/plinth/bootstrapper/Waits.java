package dev.plinth.bootstrapper;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** Polling with a deadline: tests wait for state, never for fixed times. */
final class Waits {

    private Waits() {
    }

    /**
     * Polls until the condition yields a non-null value.
     *
     * @param what      what is awaited, for the failure message
     * @param timeout   how long to wait
     * @param condition returns null while not there yet
     * @param describe  the current state, for the failure message
     */
    static <T> T until(String what, Duration timeout, Supplier<T> condition, Supplier<String> describe) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            T value = condition.get();
            if (value != null) {
                return value;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what + "; now: " + describe.get());
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }
}
