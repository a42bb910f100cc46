package dev.plinth.bootstrapper.infra;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PortsTest {

    private static final Path RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    @Test
    void readsTheKernelsEphemeralRange() throws Exception {
        int expected = Files.exists(RANGE) ? Integer.parseInt(Files.readAllLines(RANGE).get(0).trim().split("\\s+")[0]) : 49152;
        assertEquals(expected, Ports.ephemeralLow());
    }

    @Test
    void freePortsLieBelowTheEphemeralRangeAndCanBeBound() throws Exception {
        int below = Ports.ephemeralLow();
        for (int i = 0; i < 50; i++) {
            int port = Ports.free();
            if (below - Ports.INTERNAL_FROM > 100) {
                assertTrue(port >= Ports.INTERNAL_FROM && port < below, port + " lies in [" + Ports.INTERNAL_FROM + ", " + below + ")");
            }
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertFalse(Ports.available("127.0.0.1", port), "a bound port is not available");
            }
        }
    }
}
