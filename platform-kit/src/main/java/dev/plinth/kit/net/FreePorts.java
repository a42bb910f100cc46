package dev.plinth.kit.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks ports for servers that need no fixed port (internal servers of {@code plinth up}, servers a
 * test starts). Two ways a port that was free a moment ago is taken before the server binds it are
 * ruled out here:
 * <ul>
 *   <li>a port the kernel hands out (bind to 0) lies in the ephemeral range, where every outgoing
 *       connection (Kafka and Mongo clients make many) also takes its local port, so ports are
 *       picked below that range;</li>
 *   <li>two picks in a row could be the same port (the first not bound yet), so this JVM never
 *       hands out a port twice.</li>
 * </ul>
 */
public final class FreePorts {

    /** Ports are picked from here up: above the default inventory's instance ports (21000–23999). */
    public static final int FROM = 24000;

    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    /** @return a port on 127.0.0.1 that is free now and that this JVM has not handed out before */
    public static int next() {
        int below = ephemeralLow();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (below - FROM > 100) {
            for (int attempt = 0; attempt < 500; attempt++) {
                int port = FROM + random.nextInt(below - FROM);
                if (!HANDED_OUT.contains(port) && available("127.0.0.1", port) && HANDED_OUT.add(port)) {
                    return port;
                }
            }
        }
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = socket.getLocalPort();
                if (HANDED_OUT.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new IllegalStateException("no free port on 127.0.0.1: " + e.getMessage(), e);
            }
        }
        throw new IllegalStateException("no free port on 127.0.0.1 that was not handed out already");
    }

    /** @return whether a port can be bound on the given address now */
    public static boolean available(String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** @return the first port of the kernel's ephemeral range (Linux), else the IANA one */
    public static int ephemeralLow() {
        try {
            // readString trusts the size procfs reports (0) and reads too little; a line reader reads to the end.
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 49152;
        }
    }
}
