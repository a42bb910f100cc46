package dev.plinth.agent.runtime.network;

/**
 * A public door of the platform an instance may use (the gateway's HTTP port, the MQTT broker's
 * port). The instance connects to its namespace's host end at {@code port}; the host forwards that
 * to {@code target}:{@code port}.
 *
 * @param variable the variable that names it, as {@code PLINTH_GATEWAY_URL}
 * @param port     its TCP port
 * @param target   where it listens: a loopback or another local IPv4 address of this host
 */
record Door(String variable, int port, String target) {

    boolean loopback() {
        return target.startsWith("127.");
    }
}
