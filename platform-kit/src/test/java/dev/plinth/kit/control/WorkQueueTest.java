package dev.plinth.kit.control;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class WorkQueueTest {

    private static final Backoff FAST = Backoff.exponential(Duration.ofMillis(40), Duration.ofMillis(160));

    private final List<WorkQueue<String>> queues = new ArrayList<>();

    @AfterEach
    void close() {
        queues.forEach(WorkQueue::close);
    }

    private WorkQueue<String> queue(String name, int workers, WorkQueue.Handler<String> handler) {
        WorkQueue<String> queue = new WorkQueue<>(name, workers, FAST, Clock.systemUTC(), handler);
        queues.add(queue);
        return queue;
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting until " + what);
            }
            sleep(5);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void wakeUpsOfAKeyThatWaitsMergeIntoOnePass() {
        Map<String, AtomicInteger> passes = new ConcurrentHashMap<>();
        WorkQueue<String> queue = queue("merge", 1, key -> passes.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet());
        for (int i = 0; i < 100; i++) {
            queue.wake("a");
            queue.wake("b");
        }
        assertEquals(2, queue.waiting());

        queue.start();

        await("both handled", () -> queue.waiting() == 0 && passes.size() == 2);
        sleep(100);
        assertEquals(1, passes.get("a").get());
        assertEquals(1, passes.get("b").get());
    }

    @Test
    void aKeyWokenWhileItIsHandledGetsExactlyOneMorePass() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger passes = new AtomicInteger();
        WorkQueue<String> queue = queue("again", 2, key -> {
            if (passes.incrementAndGet() == 1) {
                inside.countDown();
                release.await();
            }
        });
        queue.start();
        queue.wake("a");
        assertTrue(inside.await(5, TimeUnit.SECONDS));

        for (int i = 0; i < 50; i++) {
            queue.wake("a");
        }
        sleep(100);
        assertEquals(1, passes.get(), "the second worker does not take a key that is being handled");
        release.countDown();

        await("the second pass", () -> passes.get() == 2);
        sleep(100);
        assertEquals(2, passes.get());
    }

    @Test
    void aKeyIsNeverHandledTwiceAtOnceWhileOtherKeysRunBesideIt() throws Exception {
        Map<String, AtomicInteger> inside = new ConcurrentHashMap<>();
        AtomicInteger mostOfOneKey = new AtomicInteger();
        AtomicInteger insideAll = new AtomicInteger();
        AtomicInteger mostOfAll = new AtomicInteger();
        WorkQueue<String> queue = queue("parallel", 3, key -> {
            AtomicInteger mine = inside.computeIfAbsent(key, k -> new AtomicInteger());
            mostOfOneKey.accumulateAndGet(mine.incrementAndGet(), Math::max);
            mostOfAll.accumulateAndGet(insideAll.incrementAndGet(), Math::max);
            Thread.sleep(5);
            insideAll.decrementAndGet();
            mine.decrementAndGet();
        });
        queue.start();
        List<Thread> wakers = new ArrayList<>();
        for (String key : List.of("a", "b", "c")) {
            Thread waker = new Thread(() -> {
                for (int i = 0; i < 200; i++) {
                    queue.wake(key);
                    sleep(1);
                }
            });
            wakers.add(waker);
            waker.start();
        }
        for (Thread waker : wakers) {
            waker.join();
        }
        await("drained", () -> queue.waiting() == 0 && insideAll.get() == 0);

        assertEquals(1, mostOfOneKey.get());
        assertTrue(mostOfAll.get() > 1, "three workers handle different keys at once");
    }

    @Test
    void wakeAtWakesLaterAndOnlyTheEarliestPendingTimeCounts() {
        List<Long> passesAt = new CopyOnWriteArrayList<>();
        long start = System.nanoTime();
        WorkQueue<String> queue = queue("later", 1, key -> passesAt.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
        queue.start();

        queue.wakeAfter("a", Duration.ofMillis(150));
        queue.wakeAfter("a", Duration.ofMillis(400));
        queue.wakeAfter("a", Duration.ofMillis(600));

        await("woken", () -> !passesAt.isEmpty());
        sleep(800);
        assertEquals(1, passesAt.size(), "the later wake-ups merged into the earlier: " + passesAt);
        assertTrue(passesAt.get(0) >= 149, "not before its time: " + passesAt);
    }

    @Test
    void aFailingKeyBacksOffAndStartsAfreshOnceItSucceeds() {
        AtomicInteger failuresLeft = new AtomicInteger(3);
        List<Long> attemptsAt = new CopyOnWriteArrayList<>();
        List<Integer> failuresSeen = new CopyOnWriteArrayList<>();
        WorkQueue<String>[] self = new WorkQueue[1];
        WorkQueue<String> queue = queue("retry", 1, key -> {
            attemptsAt.add(System.nanoTime());
            failuresSeen.add(self[0].failures(key));
            if (failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("store away");
            }
        });
        self[0] = queue;
        queue.start();

        queue.wake("a");

        await("four attempts", () -> attemptsAt.size() == 4);
        assertEquals(List.of(0, 1, 2, 3), failuresSeen);
        await("the success resets the count", () -> queue.failures("a") == 0);
        long[] gaps = new long[3];
        for (int i = 0; i < 3; i++) {
            gaps[i] = TimeUnit.NANOSECONDS.toMillis(attemptsAt.get(i + 1) - attemptsAt.get(i));
        }
        // Waits are timed in whole milliseconds: allow one of rounding.
        assertTrue(gaps[0] >= 39 && gaps[1] >= 79 && gaps[2] >= 159, "waits 40, 80, 160 ms: " + List.of(gaps[0], gaps[1], gaps[2]));

        failuresLeft.set(1);
        attemptsAt.clear();
        queue.wake("a");
        await("two more attempts", () -> attemptsAt.size() == 2);
        long gap = TimeUnit.NANOSECONDS.toMillis(attemptsAt.get(1) - attemptsAt.get(0));
        assertTrue(gap >= 39 && gap < 160, "the backoff started again from its first wait: " + gap);
    }

    @Test
    void idleWorkersWaitWithoutSpinning() {
        WorkQueue<String> queue = queue("idle", 2, key -> { });
        queue.start();
        sleep(100);

        List<Thread.State> states = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("idle-worker")).map(Thread::getState).toList();

        assertEquals(List.of(Thread.State.WAITING, Thread.State.WAITING), states);
    }

    @Test
    void closeStopsTheWorkersAndDropsWhatWaits() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        AtomicInteger passes = new AtomicInteger();
        WorkQueue<String> queue = queue("closing", 1, key -> {
            passes.incrementAndGet();
            inside.countDown();
            Thread.sleep(100);
        });
        queue.start();
        queue.wake("a");
        assertTrue(inside.await(5, TimeUnit.SECONDS));
        queue.wake("b");
        queue.wakeAfter("c", Duration.ofMillis(50));

        queue.close();
        sleep(200);

        assertEquals(1, passes.get(), "the pass under way finished, nothing else ran");
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("closing-")));
    }
}
