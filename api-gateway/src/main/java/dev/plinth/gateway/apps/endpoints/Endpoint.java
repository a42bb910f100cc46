package dev.plinth.gateway.apps.endpoints;

/**
 * A healthy instance of an app and where it listens.
 *
 * @param instanceId the instance
 * @param app        its app
 * @param host       the address its port is reachable on
 * @param port       its port
 */
public record Endpoint(String instanceId, String app, String host, int port) {

    /** @return {@code host:port}, with brackets around an IPv6 address */
    public String authority() {
        return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }
}
