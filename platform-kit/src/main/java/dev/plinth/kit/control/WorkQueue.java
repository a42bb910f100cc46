package dev.plinth.kit.control;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A keyed work queue in the manner of controller-runtime's: callers {@link #wake} a key (a
 * deployment, a node, one loop's single key), a fixed number of worker threads hand each key to
 * the handler.
 *
 * <ul>
 *   <li>A key waits in the queue at most once: wake-ups that arrive before its turn merge into one.</li>
 *   <li>A key is never handled by two workers at once; a wake-up that arrives while it is handled
 *       queues it once more, after that pass.</li>
 *   <li>{@link #wakeAt} wakes a key later; only the earliest pending time per key is kept.</li>
 *   <li>A handler that throws has its key woken again after a {@link Backoff} that grows with the
 *       key's failures in a row; the first failure of a run and the recovery are logged, once.
 *       A success resets the count.</li>
 *   <li>Idle workers block; nothing polls.</li>
 * </ul>
 *
 * @param <K> the key
 */
public final class WorkQueue<K> implements AutoCloseable {

    /** Handles one key. */
    @FunctionalInterface
    public interface Handler<K> {
        void handle(K key) throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(WorkQueue.class);
    private static final Object STOP = new Object();

    private final String name;
    private final int workerCount;
    private final Backoff backoff;
    private final Clock clock;
    private final Handler<K> handler;
    private final LinkedBlockingQueue<Object> ready = new LinkedBlockingQueue<>();
    private final Object lock = new Object();
    /** Keys woken and not yet taken by a worker. */
    private final Set<K> dirty = new HashSet<>();
    /** Keys a worker handles now. */
    private final Set<K> processing = new HashSet<>();
    private final Map<K, Instant> pendingAt = new HashMap<>();
    private final Map<K, Integer> failures = new HashMap<>();
    private final ScheduledThreadPoolExecutor timer;
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running;

    /**
     * @param name     names the threads and the log lines, as {@code deployment}
     * @param workers  how many keys are handled at once
     * @param backoff  the wait before a failed key is tried again
     * @param clock    the time, for {@link #wakeAt}
     * @param handler  the work for one key
     */
    public WorkQueue(String name, int workers, Backoff backoff, Clock clock, Handler<K> handler) {
        if (workers < 1) {
            throw new IllegalArgumentException("a work queue needs at least one worker");
        }
        this.name = name;
        this.workerCount = workers;
        this.backoff = backoff;
        this.clock = clock;
        this.handler = handler;
        this.timer = new ScheduledThreadPoolExecutor(1, r -> daemon(r, name + "-timer"));
        // On close, drop pending wake-ups but let a running timer task finish.
        this.timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.timer.setRemoveOnCancelPolicy(true);
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Starts the workers. Wake-ups before this wait in the queue. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        for (int i = 0; i < workerCount; i++) {
            Thread worker = daemon(this::work, workerCount == 1 ? name + "-worker" : name + "-worker-" + i);
            workers.add(worker);
            worker.start();
        }
    }

    /** Queues a key for a pass, unless it is queued already. Safe from any thread. */
    public void wake(K key) {
        if (key == null) {
            return;
        }
        synchronized (lock) {
            if (!dirty.add(key)) {
                return;
            }
            if (!processing.contains(key)) {
                ready.offer(key);
            }
        }
    }

    /** Queues a key for a pass at a time, unless an earlier one is pending already. */
    public void wakeAt(K key, Instant at) {
        if (key == null || timer.isShutdown()) {
            return;
        }
        synchronized (lock) {
            Instant pending = pendingAt.get(key);
            if (pending != null && !pending.isAfter(at)) {
                return;
            }
            pendingAt.put(key, at);
        }
        long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
        try {
            timer.schedule(() -> {
                synchronized (lock) {
                    pendingAt.remove(key, at);
                }
                wake(key);
            }, delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Closing.
        }
    }

    /** Queues a key for a pass after a delay, unless an earlier one is pending already. */
    public void wakeAfter(K key, Duration delay) {
        wakeAt(key, clock.instant().plus(delay));
    }

    /** @return the key's failures in a row so far (0 once it succeeded) */
    public int failures(K key) {
        synchronized (lock) {
            return failures.getOrDefault(key, 0);
        }
    }

    /** @return how many keys wait for a worker now */
    public int waiting() {
        synchronized (lock) {
            return dirty.size();
        }
    }

    private void work() {
        while (true) {
            Object next;
            try {
                next = ready.take();
            } catch (InterruptedException e) {
                return;
            }
            if (next == STOP) {
                return;
            }
            @SuppressWarnings("unchecked")
            K key = (K) next;
            synchronized (lock) {
                dirty.remove(key);
                processing.add(key);
            }
            try {
                handler.handle(key);
                succeeded(key);
            } catch (InterruptedException e) {
                // close() interrupted a pass that would not end.
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                if (running) {
                    failed(key, e);
                }
            } finally {
                synchronized (lock) {
                    processing.remove(key);
                    if (dirty.contains(key) && running) {
                        ready.offer(key);
                    }
                }
            }
        }
    }

    private void succeeded(K key) {
        Integer before;
        synchronized (lock) {
            before = failures.remove(key);
        }
        if (before != null) {
            LOG.info("{} {} works again after {} failed attempt(s)", name, key, before);
        }
    }

    private void failed(K key, Exception e) {
        int count;
        synchronized (lock) {
            count = failures.merge(key, 1, Integer::sum);
        }
        Duration delay = backoff.delay(count);
        if (count == 1) {
            LOG.warn("{} {} failed: {}; retrying with backoff (first in {} ms)", name, key, e.toString(),
                    delay.toMillis(), e);
        }
        wakeAfter(key, delay);
    }

    /**
     * Stops the workers and drops what is queued. A pass under way may finish (up to five
     * seconds), then is interrupted.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (!running) {
                timer.shutdownNow();
                return;
            }
            running = false;
        }
        timer.shutdown();
        ready.clear();
        workers.forEach(w -> ready.offer(STOP));
        try {
            if (!timer.awaitTermination(5, TimeUnit.SECONDS)) {
                timer.shutdownNow();
            }
            for (Thread worker : workers) {
                worker.join(TimeUnit.SECONDS.toMillis(5));
                if (worker.isAlive()) {
                    worker.interrupt();
                    worker.join(TimeUnit.SECONDS.toMillis(1));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
