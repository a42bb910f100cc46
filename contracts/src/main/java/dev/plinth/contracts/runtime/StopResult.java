package dev.plinth.contracts.runtime;

/**
 * How a stop ended.
 *
 * @param instanceId the instance
 * @param wasRunning false when there was nothing to stop
 * @param forced     true when the polite stop did not end it within the grace period
 * @param exitCode   its exit code, or -1 when unknown
 */
public record StopResult(String instanceId, boolean wasRunning, boolean forced, int exitCode) {
}
