package dev.plinth.agent.health;

import dev.plinth.contracts.events.InstanceState;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;

/**
 * What one probe result means.
 *
 * @param change    the instance's new state ({@link InstanceState#HEALTHY} or {@link InstanceState#UNHEALTHY}),
 *                  or null when it stays as it is
 * @param message   why, for an unhealthy verdict; else null
 * @param nextProbe when to probe again
 */
public record HealthVerdict(@Nullable InstanceState change, @Nullable String message, Duration nextProbe) {
}
