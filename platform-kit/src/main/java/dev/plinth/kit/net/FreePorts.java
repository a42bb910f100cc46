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
 *       hands out a port twice;</li>
 *   <li>JVMs that pick at the same time on one machine (test forks, and the platforms they start as
 *       child processes) could pick the same port: given {@code plinth.ports.forks} = n and
 *       {@code plinth.ports.fork} = k (1..n), a JVM picks only from the k-th of n equal slices.</li>
 * </ul>
 */
public final class FreePorts {

    /** Ports are picked from here up: above the default inventory's instance ports (21000–23999). */
    public static final int FROM = 24000;

    /** How many JVMs pick ports on this machine at the same time, each from its own slice. */
    public static final String FORKS = "plinth.ports.forks";
    /** Which of them this JVM is, from 1. */
    public static final String FORK = "plinth.ports.fork";

    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    /** @return a port on 127.0.0.1 that is free now and that this JVM has not handed out before */
    public static int next() {
        int below = ephemeralLow();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int forks = Math.max(1, Integer.getInteger(FORKS, 1));
        int fork = Math.min(forks, Math.max(1, Integer.getInteger(FORK, 1)));
        int slice = (below - FROM) / forks;
        int from = FROM + (fork - 1) * slice;
        if (slice > 100) {
            for (int attempt = 0; attempt < 500; attempt++) {
                int port = from + random.nextInt(slice);
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

    /**
     * Keeps a port this process will bind itself (a configured one, bound later) from being handed
     * out for anything else.
     */
    public static void reserve(int port) {
        HANDED_OUT.add(port);
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
