package dev.plinth.kit.subsystem;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Who this subsystem context is.
 *
 * @param name              the subsystem, as {@code deployer}
 * @param url               where its HTTP API is reachable, for heartbeats and status
 * @param heartbeatInterval how often it announces itself on Kafka
 */
@ConfigurationProperties("plinth.subsystem")
public record SubsystemSettings(
        @Nullable String name,
        @Nullable String url,
        @Bindable(defaultValue = "2s") Duration heartbeatInterval) {
}
