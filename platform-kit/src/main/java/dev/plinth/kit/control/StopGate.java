package dev.plinth.kit.control;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps periodic work and a bean's shutdown apart: work runs only while the gate is open, and
 * closing the gate waits for the work under way. A scheduled task that sends to Kafka uses it so
 * that no send happens after the context closed its Kafka client (micronaut-kafka would open a new
 * producer for it that nothing closes).
 */
public final class StopGate {

    private final ReentrantLock running = new ReentrantLock();
    private volatile boolean closed;

    /**
     * Runs the work unless the gate is closed.
     *
     * @return whether it ran
     */
    public boolean run(Runnable work) {
        running.lock();
        try {
            if (closed) {
                return false;
            }
            work.run();
            return true;
        } finally {
            running.unlock();
        }
    }

    /**
     * Closes the gate: no work starts after this returns. Waits up to {@code wait} for work under way.
     *
     * @return whether no work was under way when it returned (false: the wait ran out)
     */
    public boolean close(Duration wait) {
        boolean locked = false;
        try {
            locked = running.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closed = true;
        if (locked) {
            running.unlock();
        }
        return locked;
    }

    /** @return whether the gate is closed */
    public boolean closed() {
        return closed;
    }
}
