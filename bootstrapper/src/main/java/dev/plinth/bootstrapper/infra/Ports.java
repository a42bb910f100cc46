package dev.plinth.bootstrapper.infra;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Finds ports to listen on. */
public final class Ports {

    private Ports() {
    }

    /** @return a port on 127.0.0.1 that is free now */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port on 127.0.0.1: " + e.getMessage(), e);
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
