package dev.plinth.bootstrapper.infra;

import dev.plinth.kit.net.FreePorts;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The test forks of this module start whole platforms at the same time, so each must pick ports
 * from its own slice: the build has to tell each fork which one it is. (An empty fork number made
 * every fork pick from the first slice, and two platforms once took the same port.)
 */
class PortSlicesTest {

    @Test
    void eachForkKnowsItsSlice() {
        int forks = Integer.getInteger(FreePorts.FORKS, 1);
        String fork = System.getProperty(FreePorts.FORK);
        if (forks > 1) {
            assertTrue(fork != null && fork.matches("\\d+") && Integer.parseInt(fork) >= 1 && Integer.parseInt(fork) <= forks,
                    FreePorts.FORK + " must be this fork's number from 1 to " + forks + ", not '" + fork + "'");
        }
        assertTrue(forks >= 1, FreePorts.FORKS + " must be at least 1, not " + forks);
    }
}
