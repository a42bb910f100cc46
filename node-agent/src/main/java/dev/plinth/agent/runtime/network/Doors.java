package dev.plinth.agent.runtime.network;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds the platform's doors in the variables the agent gives an instance, and points those
 * variables at the instance's host end. A door is the gateway ({@code PLINTH_GATEWAY_URL},
 * {@code PLINTH_API_URL}) or the MQTT broker ({@code PLINTH_MQTT_URL}) when it listens on this host.
 */
final class Doors {

    /** The variables that name a door, in the order their doors are taken. */
    static final List<String> VARIABLES = List.of("PLINTH_GATEWAY_URL", "PLINTH_API_URL", "PLINTH_MQTT_URL");

    /**
     * @param doors     the doors, one per port
     * @param urls      each door variable's URL, parsed, by variable
     * @param warnings  doors that cannot be offered, and why
     */
    record Plan(List<Door> doors, Map<String, URI> urls, List<String> warnings) {

        /** @return the environment with every door variable pointing at the host end */
        Map<String, String> rewrite(Map<String, String> env, String hostAddress) {
            Map<String, String> out = new HashMap<>(env);
            urls.forEach((variable, url) -> {
                if (doors.stream().anyMatch(d -> d.port() == port(url))) {
                    out.put(variable, withHost(url, hostAddress));
                }
            });
            return out;
        }
    }

    private Doors() {
    }

    /**
     * @param env           the instance's variables
     * @param localAddress  the IPv4 address a host name stands for when it is on this host (loopback or
     *                      one of its interfaces), else empty
     * @return the doors and the warnings
     */
    static Plan plan(Map<String, String> env, Function<String, Optional<String>> localAddress) {
        Map<Integer, Door> byPort = new LinkedHashMap<>();
        Map<String, URI> urls = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        for (String variable : VARIABLES) {
            String value = env.get(variable);
            if (value == null || value.isBlank()) {
                continue;
            }
            URI url;
            try {
                url = new URI(value);
            } catch (URISyntaxException e) {
                warnings.add(variable + " (" + value + ") is not a URL; the instance cannot reach it");
                continue;
            }
            int port = port(url);
            if (url.getHost() == null || port <= 0) {
                warnings.add(variable + " (" + value + ") names no host and port; the instance cannot reach it");
                continue;
            }
            Optional<String> target = localAddress.apply(url.getHost());
            if (target.isEmpty()) {
                warnings.add(variable + " (" + value + ") is not on this host: instances in their own network"
                        + " namespace reach only doors on their node, so the instance cannot reach it");
                continue;
            }
            Door door = new Door(variable, port, target.get());
            Door same = byPort.putIfAbsent(port, door);
            if (same != null && !same.target().equals(door.target())) {
                warnings.add(variable + " (" + value + ") uses port " + port + " as " + same.variable()
                        + " does, on another address; the instance reaches only " + same.variable());
                continue;
            }
            urls.put(variable, url);
        }
        return new Plan(List.copyOf(byPort.values()), urls, warnings);
    }

    /** Resolves a host name to an IPv4 address of this host: loopback or one of its interfaces. */
    static Optional<String> onThisHost(String host) {
        try {
            String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            if ("localhost".equalsIgnoreCase(bare)) {
                return Optional.of("127.0.0.1");
            }
            for (InetAddress address : InetAddress.getAllByName(bare)) {
                if (address instanceof Inet4Address v4
                        && (v4.isLoopbackAddress() || v4.isAnyLocalAddress() || NetworkInterface.getByInetAddress(v4) != null)) {
                    return Optional.of(v4.isAnyLocalAddress() ? "127.0.0.1" : v4.getHostAddress());
                }
            }
            return Optional.empty();
        } catch (UnknownHostException | SocketException e) {
            return Optional.empty();
        }
    }

    static int port(URI url) {
        if (url.getPort() > 0) {
            return url.getPort();
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase();
        return switch (scheme) {
            case "http", "ws" -> 80;
            case "https", "wss" -> 443;
            case "tcp", "mqtt" -> 1883;
            case "ssl", "mqtts" -> 8883;
            default -> -1;
        };
    }

    static String withHost(URI url, String host) {
        try {
            return new URI(url.getScheme(), url.getUserInfo(), host, port(url), url.getPath(), url.getQuery(),
                    url.getFragment()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
