package dev.plinth.nodemanager.instances;

import dev.plinth.contracts.descriptor.HealthCheck;
import dev.plinth.contracts.descriptor.PackageRuntimes;
import dev.plinth.contracts.descriptor.Resources;
import io.micronaut.core.annotation.Nullable;
import org.bson.Document;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The instance spec an instance document carries ({@code spec}, docs/state-model.md), with the
 * descriptor's defaults where a field is missing.
 *
 * @param version               the app version
 * @param artifactSha256        the package
 * @param command               the process runtime's command
 * @param image                 the container image, may be null
 * @param containerPort         the port inside a container
 * @param env                   the descriptor's environment
 * @param cpu                   cores it reserves
 * @param memoryMb              memory it reserves, MiB
 * @param healthPath            the health check's path
 * @param healthIntervalSeconds probe interval once healthy
 * @param healthTimeoutSeconds  probe timeout
 * @param failureThreshold      failures in a row before unhealthy
 * @param startupSeconds        time for the first 2xx
 * @param placementLabels       labels a node must carry
 * @param runtimes              the runtimes the version runs on; {@code process} for a spec stored without them
 */
public record SpecFields(@Nullable String version, @Nullable String artifactSha256, List<String> command,
                         @Nullable String image, int containerPort, Map<String, String> env, double cpu, int memoryMb,
                         String healthPath, int healthIntervalSeconds, int healthTimeoutSeconds, int failureThreshold,
                         int startupSeconds, Map<String, String> placementLabels, List<String> runtimes) {

    public SpecFields {
        command = command == null ? List.of() : List.copyOf(command);
        env = env == null ? Map.of() : Map.copyOf(env);
        placementLabels = placementLabels == null ? Map.of() : Map.copyOf(placementLabels);
        runtimes = runtimes == null ? PackageRuntimes.WITHOUT_FIELD : List.copyOf(runtimes);
    }

    /** @return the spec read from a document, defaults filled in; a null document gives all defaults */
    static SpecFields from(Document doc) {
        Document d = doc == null ? new Document() : doc;
        HealthCheck health = HealthCheck.DEFAULT;
        return new SpecFields(
                d.getString("version"),
                d.getString("artifactSha256"),
                strings(d.get("command")),
                d.getString("image"),
                integer(d.get("containerPort"), 8080),
                stringMap(d.get("env")),
                number(d.get("cpu"), Resources.DEFAULT.cpu()),
                integer(d.get("memoryMb"), Resources.DEFAULT.memoryMb()),
                d.getString("healthPath") == null ? health.path() : d.getString("healthPath"),
                integer(d.get("healthIntervalSeconds"), health.intervalSeconds()),
                integer(d.get("healthTimeoutSeconds"), health.timeoutSeconds()),
                integer(d.get("failureThreshold"), health.failureThreshold()),
                integer(d.get("startupSeconds"), health.startupSeconds()),
                stringMap(d.get("placementLabels")),
                PackageRuntimes.ofStoredSpec(d.get(PackageRuntimes.SPEC_FIELD)));
    }

    static List<String> strings(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of();
    }

    static Map<String, String> stringMap(Object value) {
        Map<String, String> map = new HashMap<>();
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> map.put(String.valueOf(k), String.valueOf(v)));
        }
        return map;
    }

    static int integer(Object value, int fallback) {
        return value instanceof Number n ? n.intValue() : fallback;
    }

    static double number(Object value, double fallback) {
        return value instanceof Number n ? n.doubleValue() : fallback;
    }
}
