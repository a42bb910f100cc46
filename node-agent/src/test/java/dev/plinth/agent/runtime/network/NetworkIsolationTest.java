package dev.plinth.agent.runtime.network;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real thing (root, ip, nft), with the host-wide registry every agent on this host uses: agents
 * making namespaces at once never share a name or a subnet, everything goes when an instance's
 * network closes, and what a dead agent left is removed by the next agent that starts.
 */
class NetworkIsolationTest {

    private static final NetworkSettings SETTINGS = NetworkSettings.defaults();

    @Test
    void agentsMakingNamespacesAtOnceNeverShareANameOrASubnetAndLeaveNothingBehind() throws Exception {
        List<NetworkIsolation> agents = List.of(new NetworkIsolation(SETTINGS), new NetworkIsolation(SETTINGS),
                new NetworkIsolation(SETTINGS));
        agents.forEach(a -> assertEquals(List.of(), a.problems()));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<NetworkIsolation.InstanceNetwork> networks = new ArrayList<>();
        try {
            List<Future<NetworkIsolation.InstanceNetwork>> opened = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                NetworkIsolation agent = agents.get(i % agents.size());
                String id = "instance-" + i;
                opened.add(pool.submit(() -> agent.open(id, 8080, Map.of("PLINTH_GATEWAY_URL", "http://127.0.0.1:8080"))));
            }
            for (Future<NetworkIsolation.InstanceNetwork> future : opened) {
                networks.add(future.get());
            }
            Set<String> namespaces = new HashSet<>();
            Set<String> inner = new HashSet<>();
            for (NetworkIsolation.InstanceNetwork network : networks) {
                assertTrue(namespaces.add(network.namespacePath()), "a namespace twice: " + network.namespacePath());
                assertTrue(inner.add(network.innerAddress()), "an address twice: " + network.innerAddress());
                assertTrue(Files.exists(Path.of(network.namespacePath())));
                assertTrue(Files.exists(record(network)), "its slot is recorded host-wide");
                assertEquals("http://" + network.hostAddress() + ":8080", network.environment().get("PLINTH_GATEWAY_URL"));
            }

            networks.subList(0, 4).forEach(NetworkIsolation.InstanceNetwork::close);
            for (NetworkIsolation.InstanceNetwork network : networks.subList(0, 4)) {
                assertGone(network);
            }
        } finally {
            pool.shutdownNow();
            agents.forEach(NetworkIsolation::close);
        }
        for (NetworkIsolation.InstanceNetwork network : networks) {
            assertGone(network);
        }
    }

    @Test
    void whatADeadAgentLeftIsRemovedWhenTheNextAgentStarts() throws Exception {
        NetworkIsolation crashed = new NetworkIsolation(SETTINGS);
        NetworkIsolation.InstanceNetwork left = crashed.open("orphan-1", 8080, Map.of("PLINTH_GATEWAY_URL", "http://127.0.0.1:8080"));
        // The agent dies: its record names a process that is gone.
        Files.writeString(record(left), "999999999 12345 orphan-1\n");
        assertTrue(Files.exists(Path.of(left.namespacePath())));
        assertTrue(tables().contains("plinth_" + slotOf(left)));

        NetworkIsolation next = new NetworkIsolation(SETTINGS);
        try {
            assertEquals(List.of(), next.problems());
            assertGone(left);
        } finally {
            next.close();
        }
    }

    /**
     * The gateway may still route to an instance that just ended (its exit is reported after its
     * network is gone): its address must not be the next instance's, of whatever app.
     */
    @Test
    void theAddressOfAnInstanceThatEndedIsNotTheNextInstancesAddress() throws Exception {
        NetworkIsolation agent = new NetworkIsolation(SETTINGS);
        try {
            NetworkIsolation.InstanceNetwork ended = agent.open("app-a-1", 8080, Map.of("PLINTH_GATEWAY_URL", "http://127.0.0.1:8080"));
            String address = ended.innerAddress();
            ended.close();

            NetworkIsolation.InstanceNetwork next = agent.open("app-b-1", 8080, Map.of("PLINTH_GATEWAY_URL", "http://127.0.0.1:8080"));
            assertNotEquals(address, next.innerAddress(), "the next instance got the address of the one that just ended");
            next.close();
        } finally {
            agent.close();
        }
    }

    /**
     * Once an instance's network is gone, its old address is unreachable on the host (not routed
     * out by the default route, where the gateway's retry would wait for a connect timeout).
     */
    @Test
    void theAddressOfAnEndedInstanceIsUnreachableAtOnce() throws Exception {
        NetworkIsolation agent = new NetworkIsolation(SETTINGS);
        try {
            NetworkIsolation.InstanceNetwork ended = agent.open("app-a-1", 8080, Map.of("PLINTH_GATEWAY_URL", "http://127.0.0.1:8080"));
            String address = ended.innerAddress();
            ended.close();
            // Checked before any packet is sent, so nothing leaves the host when this is broken.
            String route = run("ip", "route", "get", address);
            assertTrue(route.contains("No route to host") || route.startsWith("unreachable"), "no route out for " + address + ": " + route);
            // Refused at once (a SocketException), not after the connect timeout (a SocketTimeoutException).
            org.junit.jupiter.api.Assertions.assertThrows(java.net.SocketException.class, () -> {
                try (java.net.Socket socket = new java.net.Socket()) {
                    socket.connect(new java.net.InetSocketAddress(address, 8080), 5000);
                }
            });
        } finally {
            agent.close();
        }
    }

    @Test
    void aRangeThatIsNotOneIsAProblemWithTheFix() {
        NetworkIsolation wrong = new NetworkIsolation(new NetworkSettings("10.213.0.1/16", Path.of("/run/plinth/network")));
        assertEquals(List.of("'10.213.0.1/16' has host bits set: its range starts at 10.213.0.0/16 (plinth.agent.network.range"
                + " must be an IPv4 range such as 10.213.0.0/16)"), wrong.problems());
        assertFalse(wrong.usable());
    }

    @Test
    void aGatewayOnAnotherHostIsAProblemBecauseRemoteNodesAreNotIsolatedYet() {
        NetworkIsolation remote = new NetworkIsolation(SETTINGS, "http://192.0.2.10:8080");
        assertEquals(1, remote.problems().size(), remote.problems().toString());
        assertTrue(remote.problems().get(0).startsWith("the gateway (http://192.0.2.10:8080) is not on this host"),
                remote.problems().get(0));
        assertTrue(new NetworkIsolation(SETTINGS, "http://localhost:8080").usable());
    }

    private static void assertGone(NetworkIsolation.InstanceNetwork network) throws Exception {
        assertFalse(Files.exists(Path.of(network.namespacePath())), "the namespace is gone: " + network.namespacePath());
        assertFalse(links().contains("plh" + slotOf(network)), "the host end is gone");
        assertFalse(tables().contains("table inet plinth_" + slotOf(network) + "\n"), "the host table is gone");
        assertFalse(Files.exists(record(network)), "the record is gone");
    }

    private static Path record(NetworkIsolation.InstanceNetwork network) {
        return SETTINGS.stateDir().resolve("slot-" + slotOf(network));
    }

    private static int slotOf(NetworkIsolation.InstanceNetwork network) {
        return Integer.parseInt(network.namespacePath().substring("/run/netns/plinth-".length()));
    }

    private static List<String> links() throws IOException, InterruptedException {
        return run("ip", "-o", "link", "show").lines().map(l -> l.split(": ")).filter(p -> p.length > 1)
                .map(p -> p[1].split("@")[0]).toList();
    }

    private static String tables() throws IOException, InterruptedException {
        return run("nft", "list", "tables") + "\n";
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }
}
