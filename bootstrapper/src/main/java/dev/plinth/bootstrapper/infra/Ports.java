package dev.plinth.bootstrapper.infra;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Finds ports to listen on. */
public final class Ports {

    private Ports() {
    }

    /** Internal servers take ports from here: above the default inventory's instance ports, below the ephemeral range. */
    static final int INTERNAL_FROM = 24000;

    /**
     * Picks a port on 127.0.0.1 that is free now, below the kernel's ephemeral range. A port the
     * kernel hands out (bind to 0) can be taken again a moment later as the local port of an outgoing
     * connection (every Kafka and Mongo client makes many) before the server that was meant to have
     * it binds; ports below that range are never handed out that way.
     *
     * @return the port
     */
    public static int free() {
        int below = Math.min(ephemeralLow(), 65536);
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        if (below - INTERNAL_FROM > 100) {
            for (int attempt = 0; attempt < 200; attempt++) {
                int port = INTERNAL_FROM + random.nextInt(below - INTERNAL_FROM);
                if (available("127.0.0.1", port)) {
                    return port;
                }
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    /** @return the first port of the kernel's ephemeral range (Linux), else the IANA one */
    static int ephemeralLow() {
        try {
            // readString trusts the size procfs reports and reads too little; a line reader reads to the end.
            String range = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 49152;
        }
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

    /**
     * Picks the port for an internal server: the configured one when set, else the preferred
     * default when it is free, else any free port (internal servers need no fixed port).
     *
     * @param configured the setting, 0 when unset
     * @param preferred  the default port
     * @return the port to use
     */
    public static int internal(int configured, int preferred) {
        if (configured > 0) {
            return configured;
        }
        return available("127.0.0.1", preferred) ? preferred : free();
    }
}
