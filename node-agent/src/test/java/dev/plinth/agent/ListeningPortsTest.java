package dev.plinth.agent;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which ports of a range something listens on, as the agent reads Linux's socket tables. */
class ListeningPortsTest {

    private static final String HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";

    @ParameterizedTest(name = "{0}")
    @MethodSource("tables")
    void readsListeningPortsWithinTheRange(String name, List<String> lines, Set<Integer> expected) {
        assertEquals(expected, ListeningPorts.parse(lines, 21000, 21009));
    }

    static Stream<Arguments> tables() {
        return Stream.of(
                Arguments.of("a listener on loopback (IPv4) in the range",
                        List.of(HEADER, "   0: 0100007F:5208 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1"),
                        Set.of(21000)),
                Arguments.of("a listener on every address (IPv6 table)",
                        List.of(HEADER, "   0: 00000000000000000000000000000000:5209 00000000000000000000000000000000:0000 0A 0 0 0 0 0 0 2 1"),
                        Set.of(21001)),
                Arguments.of("a connection from a port in the range is not a listener",
                        List.of(HEADER, "   0: 0100007F:5208 0100007F:1F90 01 00000000:00000000 00:00000000 00000000     0        0 3 1"),
                        Set.of()),
                Arguments.of("listeners outside the range are left out",
                        List.of(HEADER, "   0: 0100007F:1F90 00000000:0000 0A 0 0 0 0 0 0 4 1",
                                "   1: 0100007F:5211 00000000:0000 0A 0 0 0 0 0 0 5 1"),
                        Set.of(21009)),
                Arguments.of("the header and broken lines are no ports",
                        List.of(HEADER, "", "garbage", "   0: 0100007F 00000000:0000 0A"),
                        Set.of()));
    }

    @org.junit.jupiter.api.Test
    void findsAPortThisTestListensOn() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = socket.getLocalPort();
            assertTrue(ListeningPorts.within(port, port).contains(port), "port " + port);
        }
    }
}
