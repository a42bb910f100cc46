package dev.plinth.gateway.subsystems;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which subsystem owns which {@code /api} path, and where each subsystem listens. The owners are
 * fixed by the design; the URLs are settings ({@code plinth.gateway.routes.<subsystem>}), set by
 * the bootstrapper in one JVM or by configuration in a distributed setup.
 */
@ConfigurationProperties("plinth.gateway")
public class SubsystemRoutes {

    /** Path prefixes under {@code /api} and the subsystem owning each, longest first. */
    public static final List<Map.Entry<String, String>> OWNERS = List.of(
            Map.entry("/api/sensor-types", "sensor-manager"),
            Map.entry("/api/sensors", "sensor-manager"),
            Map.entry("/api/ingest", "sensor-manager"),
            Map.entry("/api/bindings", "sensor-manager"),
            Map.entry("/api/apps", "app-controller"),
            Map.entry("/api/contract", "app-controller"),
            Map.entry("/api/artifacts", "app-controller"),
            Map.entry("/api/nodes", "node-manager"),
            Map.entry("/api/instances", "node-manager"),
            Map.entry("/api/alerts", "monitor"),
            Map.entry("/api/metrics", "monitor"),
            Map.entry("/api/logs", "logger"));

    private Map<String, URI> routes = new LinkedHashMap<>();

    /** @return subsystem name to base URL */
    public Map<String, URI> getRoutes() {
        return routes;
    }

    public void setRoutes(Map<String, URI> routes) {
        this.routes = new LinkedHashMap<>(routes);
    }

    /**
     * @param path a request path
     * @return the subsystem owning it, if it is a proxied API path
     */
    public static Optional<String> ownerOf(String path) {
        for (Map.Entry<String, String> owner : OWNERS) {
            String prefix = owner.getKey();
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                return Optional.of(owner.getValue());
            }
        }
        return Optional.empty();
    }

    /** @return the base URL of a subsystem, if configured */
    public Optional<URI> urlOf(@Nullable String subsystem) {
        return Optional.ofNullable(subsystem == null ? null : routes.get(subsystem));
    }
}
