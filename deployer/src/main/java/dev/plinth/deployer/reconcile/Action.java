package dev.plinth.deployer.reconcile;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One thing the deployer should write. Actions are values: the same snapshot always yields the
 * same actions, and applying one twice changes nothing more than applying it once.
 */
public sealed interface Action {

    /**
     * Insert a new instance of the deployment: {@code desired: RUN}, {@code state: PENDING}, the
     * current generation, not yet placed.
     *
     * @param version    the version it runs (the deployment's {@code version})
     * @param spec       the instance spec copied into it (the deployment's {@code spec})
     * @param avoidNodes nodes placement must not choose, sorted: where its predecessor failed, was
     *                   lost or is being drained from
     */
    record CreateInstance(String version, Map<String, Object> spec, List<String> avoidNodes) implements Action {
        public CreateInstance {
            Objects.requireNonNull(version, "version");
            spec = spec == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(spec));
            avoidNodes = avoidNodes == null ? List.of() : List.copyOf(avoidNodes);
        }
    }

    /**
     * Set an instance's {@code desired} to {@code STOP} with a reason; only ever produced for
     * instances that are still {@code desired: RUN}.
     *
     * @param instanceId the instance
     * @param reason     why
     */
    record StopInstance(String instanceId, StopReason reason) implements Action {
        public StopInstance {
            Objects.requireNonNull(instanceId, "instanceId");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Write the deployment's {@code status}, {@code reason} and {@code statusAt}; only produced
     * when status or reason differ from what the deployment already says.
     *
     * @param status the new status
     * @param reason a sentence for people, null when there is nothing to explain
     */
    record SetStatus(DeploymentStatus status, String reason) implements Action {
        public SetStatus {
            Objects.requireNonNull(status, "status");
        }
    }

    /**
     * Record a version as fully rolled out: {@code stableVersion} and {@code stableSpec}.
     *
     * @param version the version every desired instance now runs healthy
     * @param spec    its spec
     */
    record MarkStable(String version, Map<String, Object> spec) implements Action {
        public MarkStable {
            Objects.requireNonNull(version, "version");
            spec = spec == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(spec));
        }
    }

    /**
     * Set the deployment's desired {@code version} and {@code spec} back to the stable ones and
     * raise its {@code generation} by one. Always comes with a {@link SetStatus} to {@code FAILED}
     * and with {@link StopInstance}s (reason {@code rollback}) for the failed version's instances.
     *
     * @param toVersion the stable version
     * @param toSpec    the stable spec
     * @param reason    what failed, for people
     */
    record Rollback(String toVersion, Map<String, Object> toSpec, String reason) implements Action {
        public Rollback {
            Objects.requireNonNull(toVersion, "toVersion");
            toSpec = toSpec == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(toSpec));
        }
    }
}
