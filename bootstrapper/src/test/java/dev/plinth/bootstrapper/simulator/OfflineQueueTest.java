package dev.plinth.bootstrapper.simulator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OfflineQueueTest {

    @TempDir
    Path dir;

    private static List<String> drain(OfflineQueue queue) {
        List<String> out = new ArrayList<>();
        while (!queue.isEmpty()) {
            out.add(queue.peek());
            queue.remove();
        }
        return out;
    }

    @Test
    void oldestFirst() throws IOException {
        try (OfflineQueue queue = OfflineQueue.open(dir, "car-1", 10)) {
            assertNull(queue.peek());
            queue.add("{\"n\":1}");
            queue.add("{\"n\":2}");
            queue.add("{\"n\":3,\"text\":\"é\"}");
            assertEquals(3, queue.size());
            assertEquals("{\"n\":1}", queue.peek());
            assertEquals("{\"n\":1}", queue.peek(), "peeking takes nothing");
            assertEquals(List.of("{\"n\":1}", "{\"n\":2}", "{\"n\":3,\"text\":\"é\"}"), drain(queue));
            assertEquals(0, Files.size(dir.resolve("car-1.queue")), "an empty queue leaves an empty file");
        }
    }

    @Test
    void aFullQueueDropsTheOldestAndCountsThem() throws IOException {
        try (OfflineQueue queue = OfflineQueue.open(dir, "car-1", 3)) {
            List<Boolean> dropped = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                dropped.add(queue.add("r" + i));
            }
            assertEquals(List.of(false, false, false, true, true), dropped);
            assertEquals(2, queue.dropped());
            assertEquals(3, queue.size());
            assertEquals(List.of("r3", "r4", "r5"), drain(queue));
        }
    }

    @Test
    void whatWaitsSurvivesARestart() throws IOException {
        try (OfflineQueue queue = OfflineQueue.open(dir, "car-1", 10)) {
            for (int i = 1; i <= 4; i++) {
                queue.add("r" + i);
            }
            queue.remove();
        }
        try (OfflineQueue queue = OfflineQueue.open(dir, "car-1", 10)) {
            assertEquals(3, queue.size());
            queue.add("r5");
            assertEquals(List.of("r2", "r3", "r4", "r5"), drain(queue));
        }
        try (OfflineQueue queue = OfflineQueue.open(dir, "car-1", 10)) {
            assertTrue(queue.isEmpty());
        }
    }

    @Test
    void aCrashMaySendAFewAgainButLosesNothing() throws IOException {
        OfflineQueue crashed = OfflineQueue.open(dir, "car-1", 100);
        for (int i = 1; i <= 5; i++) {
            crashed.add("r" + i);
        }
        crashed.remove(); // sent, but the head is saved only every few removals: not on disk yet
        // no close(): the process died
        try (OfflineQueue queue = OfflineQueue.open(dir, "car-1", 100)) {
            assertEquals(List.of("r1", "r2", "r3", "r4", "r5"), drain(queue));
        }
    }

    @Test
    void theHeadIsSavedEveryFewRemovals() throws IOException {
        OfflineQueue crashed = OfflineQueue.open(dir, "car-1", 1000);
        for (int i = 0; i < OfflineQueue.HEAD_SYNC_EVERY + 10; i++) {
            crashed.add("r" + i);
        }
        for (int i = 0; i < OfflineQueue.HEAD_SYNC_EVERY; i++) {
            crashed.remove();
        }
        try (OfflineQueue queue = OfflineQueue.open(dir, "car-1", 1000)) {
            assertEquals(10, queue.size());
            assertEquals("r" + OfflineQueue.HEAD_SYNC_EVERY, queue.peek());
        }
    }

    @Test
    void aTornLastLineIsDiscarded() throws IOException {
        Files.writeString(dir.resolve("car-1.queue"), "r1\nr2\n{\"values\":{\"spe");
        try (OfflineQueue queue = OfflineQueue.open(dir, "car-1", 10)) {
            assertEquals(2, queue.size());
            queue.add("r3");
            assertEquals(List.of("r1", "r2", "r3"), drain(queue));
        }
    }

    @Test
    void aLowerLimitOnRestartDropsTheOldest() throws IOException {
        try (OfflineQueue queue = OfflineQueue.open(dir, "car-1", 10)) {
            for (int i = 1; i <= 6; i++) {
                queue.add("r" + i);
            }
        }
        try (OfflineQueue queue = OfflineQueue.open(dir, "car-1", 2)) {
            assertEquals(4, queue.dropped());
            assertEquals(List.of("r5", "r6"), drain(queue));
        }
    }

    @Test
    void aLongQueueIsCompactedAsItDrains() throws IOException {
        String payload = "x".repeat(1000);
        try (OfflineQueue queue = OfflineQueue.open(dir, "car-1", 10_000)) {
            for (int i = 0; i < 3000; i++) {
                queue.add(i + payload);
            }
            long full = Files.size(dir.resolve("car-1.queue"));
            for (int i = 0; i < 2000; i++) {
                assertTrue(queue.peek().startsWith(i + "x"), "entry " + i);
                queue.remove();
            }
            assertTrue(Files.size(dir.resolve("car-1.queue")) < full / 2, "the sent part was cut away");
            queue.add("last");
        }
        try (OfflineQueue queue = OfflineQueue.open(dir, "car-1", 10_000)) {
            List<String> rest = drain(queue);
            assertEquals(1001, rest.size());
            assertTrue(rest.get(0).startsWith("2000x"), rest.get(0).substring(0, 10));
            assertEquals("last", rest.get(1000));
        }
    }

    @Test
    void devicesHaveTheirOwnQueues() throws IOException {
        try (OfflineQueue one = OfflineQueue.open(dir, "car-1", 10); OfflineQueue two = OfflineQueue.open(dir, "car-2", 10)) {
            one.add("a");
            two.add("b");
            assertEquals(List.of("a"), drain(one));
            assertEquals(List.of("b"), drain(two));
        }
    }

    @Test
    void aPayloadIsOneLine() throws IOException {
        try (OfflineQueue queue = OfflineQueue.open(dir, "car-1", 10)) {
            assertThrows(IllegalArgumentException.class, () -> queue.add("two\nlines"));
            assertFalse(queue.size() > 0);
        }
        assertThrows(IllegalArgumentException.class, () -> OfflineQueue.open(dir, "car-1", 0));
    }
}
