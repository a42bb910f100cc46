package dev.plinth.testkit.wait;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.pollinterval.IterativePollInterval;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The one way tests wait: poll a condition (with Awaitility) until it holds or a deadline passes,
 * and on timeout say what was awaited and what the world looked like. Tests wait for state, never
 * for a fixed time.
 */
public final class Waits {

    private static final Duration FIRST_POLL = Duration.ofMillis(10);
    private static final Duration SLOWEST_POLL = Duration.ofMillis(250);

    private Waits() {
    }

    /**
     * Polls until the condition yields a value.
     *
     * @param what      what is awaited, for the failure message
     * @param timeout   how long to wait
     * @param condition returns null while not there yet
     * @param describe  the current state, for the failure message
     * @return the first non-null value
     * @throws AssertionError when the deadline passes first
     */
    public static <T> T until(String what, Duration timeout, Supplier<T> condition, Supplier<String> describe) {
        try {
            return polling(what, timeout).until(condition::get, Objects::nonNull);
        } catch (ConditionTimeoutException e) {
            throw timedOut(what, timeout, describe, e);
        }
    }

    /**
     * Polls until the condition is true.
     *
     * @param what      what is awaited, for the failure message
     * @param timeout   how long to wait
     * @param condition true once there
     * @param describe  the current state, for the failure message
     * @throws AssertionError when the deadline passes first
     */
    public static void untilTrue(String what, Duration timeout, BooleanSupplier condition, Supplier<String> describe) {
        try {
            polling(what, timeout).until(condition::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            throw timedOut(what, timeout, describe, e);
        }
    }

    /**
     * Polls until the assertions pass; on timeout the last failed assertion says what was seen.
     *
     * @param what       what is awaited, for the failure message
     * @param timeout    how long to wait
     * @param assertions throw an {@link AssertionError} while not there yet
     */
    public static void untilAsserted(String what, Duration timeout, Runnable assertions) {
        try {
            polling(what, timeout).untilAsserted(assertions::run);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what + ": "
                    + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()), e);
        }
    }

    // Checked at once, then every 10 ms growing to 250 ms: quick conditions answer quickly, slow
    // ones (a whole platform's HTTP answers) are not hammered. Polled on the test's own thread.
    private static ConditionFactory polling(String what, Duration timeout) {
        return Awaitility.await(what)
                .atMost(timeout)
                .pollInSameThread()
                .pollDelay(Duration.ZERO)
                .pollInterval(new IterativePollInterval(
                        previous -> min(previous.multipliedBy(2), SLOWEST_POLL), FIRST_POLL));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static AssertionError timedOut(String what, Duration timeout, Supplier<String> describe,
                                           ConditionTimeoutException cause) {
        return new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what + "; now: "
                + describe.get(), cause);
    }
}
