package dev.plinth.contracts.descriptor;

import io.micronaut.serde.annotation.Serdeable;

/**
 * The HTTP check that says an instance is ready and well: a {@code GET path} answering 2xx.
 *
 * @param path             the URL path to probe, as {@code /health}
 * @param intervalSeconds  how often to probe once the instance is healthy
 * @param timeoutSeconds   how long one probe may take
 * @param failureThreshold how many probes in a row must fail before the instance is unhealthy
 * @param startupSeconds   how long a new instance has to answer its first probe
 */
@Serdeable
public record HealthCheck(String path, int intervalSeconds, int timeoutSeconds, int failureThreshold, int startupSeconds) {

    /** The check used when the descriptor has none. */
    public static final HealthCheck DEFAULT = new HealthCheck("/health", 5, 2, 3, 60);
}
