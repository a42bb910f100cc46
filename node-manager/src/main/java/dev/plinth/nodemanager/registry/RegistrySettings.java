package dev.plinth.nodemanager.registry;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.nio.file.Path;
import java.time.Duration;

/**
 * @param inventoryFile the node inventory the registry starts from
 * @param lostAfter     how long without a heartbeat before a node is lost
 * @param writeEvery    how often a node's heartbeat figures are written to {@code nodes} when nothing
 *                      else about it changed
 */
@ConfigurationProperties("plinth.nodes")
public record RegistrySettings(
        @Bindable(defaultValue = "plinth-nodes.yaml") Path inventoryFile,
        @Bindable(defaultValue = "10s") Duration lostAfter,
        @Bindable(defaultValue = "5s") Duration writeEvery) {
}
