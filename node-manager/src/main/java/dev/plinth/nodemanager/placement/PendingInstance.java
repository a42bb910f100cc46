package dev.plinth.nodemanager.placement;

import dev.plinth.contracts.descriptor.PackageRuntimes;
import dev.plinth.contracts.descriptor.Placement;
import dev.plinth.contracts.descriptor.Resources;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An instance that needs a node.
 *
 * @param instanceId     the instance
 * @param app            the app it belongs to
 * @param deploymentId   the deployment that asked for it. Pending instances are placed in order
 *                       of deployment id, then instance id.
 * @param cpu            cores it needs
 * @param memoryMb       memory it needs, in MB
 * @param requiredLabels labels a node must carry, each with the same value
 * @param avoidNodes     nodes it must not go to, for example the one it just failed on
 * @param runtimes       the runtimes its version runs on ({@link PackageRuntimes}): only a node whose runtime is one of
 *                       them can take it
 */
public record PendingInstance(String instanceId, String app, String deploymentId, double cpu, int memoryMb,
                              Map<String, String> requiredLabels, Set<String> avoidNodes, List<String> runtimes) {

    public PendingInstance {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(deploymentId, "deploymentId");
        if (!(cpu >= 0) || memoryMb < 0) {
            throw new IllegalArgumentException("instance " + instanceId + ": cpu and memoryMb must not be negative");
        }
        requiredLabels = requiredLabels == null ? Map.of() : Map.copyOf(requiredLabels);
        avoidNodes = avoidNodes == null ? Set.of() : Set.copyOf(avoidNodes);
        runtimes = runtimes == null ? PackageRuntimes.WITHOUT_FIELD : PackageRuntimes.ordered(runtimes);
    }

    /** An instance of a version that runs on the process runtime only. */
    public PendingInstance(String instanceId, String app, String deploymentId, double cpu, int memoryMb,
                           Map<String, String> requiredLabels, Set<String> avoidNodes) {
        this(instanceId, app, deploymentId, cpu, memoryMb, requiredLabels, avoidNodes, PackageRuntimes.WITHOUT_FIELD);
    }

    /**
     * Builds a pending instance from an app descriptor's resources and placement.
     *
     * @param instanceId   the instance
     * @param app          its app
     * @param deploymentId its deployment
     * @param resources    what it needs, {@link Resources#DEFAULT} when null
     * @param placement    its label constraints, none when null
     * @param avoidNodes   nodes it must not go to, none when null
     * @param runtimes     the runtimes its version runs on, process only when null
     * @return the pending instance
     */
    public static PendingInstance of(String instanceId, String app, String deploymentId, Resources resources,
                                     Placement placement, Set<String> avoidNodes, List<String> runtimes) {
        Resources needs = resources == null ? Resources.DEFAULT : resources;
        return new PendingInstance(instanceId, app, deploymentId, needs.cpu(), needs.memoryMb(),
                placement == null ? Map.of() : placement.labels(), avoidNodes, runtimes);
    }
}
