package dev.plinth.appcontroller.artifacts;

import dev.plinth.contracts.artifacts.ArtifactStore;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;

import java.util.Map;

/** Whether the artifact store can be read. */
@Singleton
public class ArtifactStoreHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private static final String PROBE = "0".repeat(64);

    private final ArtifactStore store;

    public ArtifactStoreHealthIndicator(ArtifactStore store) {
        this.store = store;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        try {
            store.find(PROBE);
            healthStatus = HealthStatus.UP;
            return Map.of("kind", store.kind());
        } catch (Exception e) {
            healthStatus = HealthStatus.DOWN;
            return Map.of("kind", store.kind(), "error", String.valueOf(e.getMessage()));
        }
    }

    @Override
    protected String getName() {
        return "artifacts";
    }
}
