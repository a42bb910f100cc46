package dev.plinth.appcontroller.deployments;

import dev.plinth.appcontroller.apps.VersionRecord;
import dev.plinth.contracts.descriptor.AppDescriptor;
import dev.plinth.contracts.descriptor.PackageRuntimes;
import io.micronaut.core.annotation.Nullable;
import org.bson.Document;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an instance of a version needs: the {@code spec} (and {@code stableSpec}) of a deployment,
 * copied from the version's descriptor. Field names are the state model's.
 *
 * @param version               the app version
 * @param artifactSha256        its package
 * @param command               the command to run in the unpacked package
 * @param image                 its container image, may be null
 * @param containerPort         the port it listens on inside a container
 * @param env                   the descriptor's environment variables (Plinth adds {@code PORT} and {@code PLINTH_*})
 * @param cpu                   cores per instance
 * @param memoryMb              memory per instance
 * @param healthPath            the health check's path
 * @param healthIntervalSeconds how often to probe
 * @param healthTimeoutSeconds  how long a probe may take
 * @param failureThreshold      failed probes before unhealthy
 * @param startupSeconds        time to pass the first probe
 * @param placementLabels       labels a node must carry
 * @param runtimes              the runtimes the version runs on; placement picks only nodes that run one of them
 */
public record InstanceSpecDocument(String version, String artifactSha256, List<String> command, @Nullable String image,
                                   int containerPort, Map<String, String> env, double cpu, int memoryMb,
                                   String healthPath, int healthIntervalSeconds, int healthTimeoutSeconds,
                                   int failureThreshold, int startupSeconds, Map<String, String> placementLabels,
                                   List<String> runtimes) {

    public InstanceSpecDocument {
        command = List.copyOf(command);
        env = Map.copyOf(env);
        placementLabels = Map.copyOf(placementLabels);
        runtimes = PackageRuntimes.ordered(runtimes);
    }

    /** @return the spec of an uploaded version */
    public static InstanceSpecDocument of(VersionRecord v) {
        AppDescriptor d = v.descriptor();
        return new InstanceSpecDocument(v.version(), v.sha256(), d.run().command(), d.run().image(), d.port(), d.env(),
                d.resources().cpu(), d.resources().memoryMb(), d.health().path(), d.health().intervalSeconds(),
                d.health().timeoutSeconds(), d.health().failureThreshold(), d.health().startupSeconds(),
                d.placement().labels(), v.runtimes());
    }

    /** @return the spec as a document */
    public Document toDocument() {
        return new Document("version", version)
                .append("artifactSha256", artifactSha256)
                .append("command", command)
                .append("image", image)
                .append("containerPort", containerPort)
                .append("env", new Document(new LinkedHashMap<>(env)))
                .append("cpu", cpu)
                .append("memoryMb", memoryMb)
                .append("healthPath", healthPath)
                .append("healthIntervalSeconds", healthIntervalSeconds)
                .append("healthTimeoutSeconds", healthTimeoutSeconds)
                .append("failureThreshold", failureThreshold)
                .append("startupSeconds", startupSeconds)
                .append("placementLabels", new Document(new LinkedHashMap<>(placementLabels)))
                .append(PackageRuntimes.SPEC_FIELD, runtimes);
    }

    /** @return the spec a document holds, or null for a null document */
    public static InstanceSpecDocument fromDocument(@Nullable Document doc) {
        if (doc == null) {
            return null;
        }
        List<String> command = doc.getList("command", String.class);
        return new InstanceSpecDocument(doc.getString("version"), doc.getString("artifactSha256"),
                command == null ? List.of() : command, doc.getString("image"), doc.getInteger("containerPort", 8080),
                strings(doc.get("env", Document.class)), ((Number) doc.get("cpu")).doubleValue(),
                doc.getInteger("memoryMb"), doc.getString("healthPath"), doc.getInteger("healthIntervalSeconds"),
                doc.getInteger("healthTimeoutSeconds"), doc.getInteger("failureThreshold"),
                doc.getInteger("startupSeconds"), strings(doc.get("placementLabels", Document.class)),
                PackageRuntimes.ofStoredSpec(doc.get(PackageRuntimes.SPEC_FIELD)));
    }

    private static Map<String, String> strings(Document doc) {
        Map<String, String> out = new LinkedHashMap<>();
        if (doc != null) {
            doc.forEach((key, value) -> out.put(key, String.valueOf(value)));
        }
        return out;
    }
}
