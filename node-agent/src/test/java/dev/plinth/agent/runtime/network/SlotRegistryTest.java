package dev.plinth.agent.runtime.network;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The host-wide record of claimed slots, on a directory of its own: an instance that ends frees its
 * slot, and the gateway may still list the instance at that slot's address, so the next instance on
 * the host (of any app, started by any agent) must not get that address at once.
 */
class SlotRegistryTest {

    private static final SlotRegistry.Owner SELF = SlotRegistry.Owner.current();

    @TempDir
    Path dir;

    @Test
    void aSlotFreedAMomentAgoIsNotHandedToTheNextInstance() throws IOException {
        SlotRegistry registry = new SlotRegistry(dir, 4);
        int first = claim(registry, "app-a-1");
        int second = claim(registry, "app-a-2");
        release(registry, first);

        int next = claim(registry, "app-b-1");

        assertEquals(List.of(0, 1, 2), List.of(first, second, next));
    }

    @Test
    void anotherAgentOnTheHostGoesOnAfterTheSlotClaimedLast() throws IOException {
        SlotRegistry one = new SlotRegistry(dir, 4);
        claim(one, "app-a-1");
        release(one, 0);

        // Another agent (another JVM, a developer's platform) shares the directory.
        SlotRegistry other = new SlotRegistry(dir, 4);
        assertEquals(1, claim(other, "app-b-1"));
    }

    @Test
    void theRangeWrapsAroundAndAFullRangeIsRefused() throws IOException {
        SlotRegistry registry = new SlotRegistry(dir, 3);
        assertEquals(0, claim(registry, "i-1"));
        assertEquals(1, claim(registry, "i-2"));
        assertEquals(2, claim(registry, "i-3"));
        release(registry, 1);
        assertEquals(1, claim(registry, "i-4"));
        IOException full = assertThrows(IOException.class, () -> claim(registry, "i-5"));
        assertEquals("all 3 network slots of the range are taken; give plinth.agent.network.range a larger range", full.getMessage());
        release(registry, 0);
        release(registry, 2);
        assertEquals(2, claim(registry, "i-6"), "after slot 1, the next free one is 2, not the lower 0");
    }

    private static int claim(SlotRegistry registry, String instanceId) throws IOException {
        return registry.locked(() -> registry.claim(SELF, instanceId));
    }

    private static void release(SlotRegistry registry, int slot) throws IOException {
        registry.locked(() -> {
            registry.release(slot);
            return null;
        });
    }
}
