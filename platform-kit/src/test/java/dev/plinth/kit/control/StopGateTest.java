package dev.plinth.kit.control;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StopGateTest {

    @Test
    void workRunsUntilTheGateClosesAndNotAfter() {
        StopGate gate = new StopGate();
        AtomicInteger runs = new AtomicInteger();
        assertTrue(gate.run(runs::incrementAndGet));
        assertTrue(gate.close(Duration.ofSeconds(1)));
        assertFalse(gate.run(runs::incrementAndGet));
        assertEquals(1, runs.get());
        assertTrue(gate.closed());
    }

    @Test
    void aCloseThatCannotWaitForTheWorkSaysSoAndStillCloses() throws Exception {
        StopGate gate = new StopGate();
        CountDownLatch working = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread worker = new Thread(() -> gate.run(() -> {
            working.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        worker.start();
        assertTrue(working.await(30, TimeUnit.SECONDS));
        assertFalse(gate.close(Duration.ofMillis(100)), "the work was still under way");
        release.countDown();
        worker.join(30_000);
        assertFalse(gate.run(() -> { }), "closed even though the wait ran out");
    }
}
