package dev.plinth.kit.net;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FreePortsTest {

    private static final Path RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    @Test
    void readsTheKernelsEphemeralRange() throws Exception {
        int expected = Files.exists(RANGE) ? Integer.parseInt(Files.readAllLines(RANGE).get(0).trim().split("\\s+")[0]) : 49152;
        assertEquals(expected, FreePorts.ephemeralLow());
    }

    @Test
    void portsLieBelowTheEphemeralRangeNeverRepeatAndCanBeBound() throws Exception {
        int below = FreePorts.ephemeralLow();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            int port = FreePorts.next();
            assertTrue(seen.add(port), "handed out twice: " + port);
            if (below - FreePorts.FROM > 100) {
                assertTrue(port >= FreePorts.FROM && port < below, port + " lies in [" + FreePorts.FROM + ", " + below + ")");
            }
            if (i % 20 == 0) {
                try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                    assertFalse(FreePorts.available("127.0.0.1", port), "a bound port is not available");
                }
            }
        }
    }
}
