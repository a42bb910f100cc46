package dev.plinth.testkit.wait;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WaitsTest {

    @Test
    void returnsTheFirstValueOnceTheConditionYieldsOne() {
        AtomicInteger polls = new AtomicInteger();
        String value = Waits.until("the third poll", Duration.ofSeconds(5),
                () -> polls.incrementAndGet() >= 3 ? "there" : null, () -> "polls: " + polls);
        assertEquals("there", value);
        assertEquals(3, polls.get());
    }

    @Test
    void aTimeoutSaysWhatWasAwaitedAndWhatWasSeen() {
        AssertionError error = assertThrows(AssertionError.class, () -> Waits.untilTrue("a condition that never holds",
                Duration.ofMillis(200), () -> false, () -> "the world as it was"));
        assertTrue(error.getMessage().contains("a condition that never holds"), error.getMessage());
        assertTrue(error.getMessage().contains("the world as it was"), error.getMessage());
    }

    @Test
    void anExceptionInTheConditionFailsAtOnceRatherThanWaiting() {
        long started = System.nanoTime();
        assertThrows(IllegalStateException.class, () -> Waits.untilTrue("a broken condition", Duration.ofSeconds(30),
                () -> {
                    throw new IllegalStateException("broken");
                }, () -> ""));
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 10);
    }

    @Test
    void assertionsAreRetriedUntilTheyPassAndTheLastFailureIsReported() {
        AtomicInteger polls = new AtomicInteger();
        Waits.untilAsserted("two polls", Duration.ofSeconds(5), () -> assertTrue(polls.incrementAndGet() >= 2));
        AssertionError error = assertThrows(AssertionError.class, () -> Waits.untilAsserted("never", Duration.ofMillis(200),
                () -> assertEquals("expected", "seen")));
        assertTrue(error.getMessage().contains("seen"), error.getMessage());
    }
}
