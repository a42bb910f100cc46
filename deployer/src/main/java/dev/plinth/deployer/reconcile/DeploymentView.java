package dev.plinth.deployer.reconcile;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the reconciler needs of one {@code deployments} document.
 *
 * @param id            the deployment id
 * @param app           its app
 * @param owner         the app's owner
 * @param version       the version that should run
 * @param instances     how many instances should run (negative counts as 0)
 * @param generation    raised on every change of the desired state
 * @param active        false once the deployment is stopped
 * @param spec          the instance spec of {@code version}; opaque here, copied into new instances
 * @param stableVersion the last version fully rolled out, null before the first rollout finished
 * @param stableSpec    the spec of {@code stableVersion}, null with it
 * @param status        the status the deployer last wrote, null before the first
 * @param reason        the reason the deployer last wrote, may be null
 * @param statusAt      when {@code status} last changed, may be null
 */
public record DeploymentView(String id, String app, String owner, String version, int instances, long generation,
                             boolean active, Map<String, Object> spec, String stableVersion,
                             Map<String, Object> stableSpec, DeploymentStatus status, String reason,
                             Instant statusAt) {

    public DeploymentView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        instances = Math.max(0, instances);
        spec = frozen(spec);
        stableSpec = stableSpec == null ? null : frozen(stableSpec);
    }

    private static Map<String, Object> frozen(Map<String, Object> map) {
        // Specs hold nulls (image, for one), so Map.copyOf will not do.
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
