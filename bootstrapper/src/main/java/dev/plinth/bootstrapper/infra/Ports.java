package dev.plinth.bootstrapper.infra;

import dev.plinth.kit.net.FreePorts;

/** Finds ports to listen on. */
public final class Ports {

    private Ports() {
    }

    /**
     * @return a port on 127.0.0.1 that is free now, below the kernel's ephemeral range and not
     *         handed out before in this JVM (see {@link FreePorts})
     */
    public static int free() {
        return FreePorts.next();
    }

    /** @return whether a port can be bound on the given address now */
    public static boolean available(String host, int port) {
        return FreePorts.available(host, port);
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
