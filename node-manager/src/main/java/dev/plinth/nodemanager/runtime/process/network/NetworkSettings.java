package dev.plinth.nodemanager.runtime.process.network;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.nio.file.Path;

/**
 * How instances of the process runtime get a network of their own, under {@code plinth.agent.network}.
 *
 * @param isolation {@code auto}: a network namespace per instance when the agent can make one (root,
 *                  iproute2, nftables), otherwise the host's network with a warning; {@code required}:
 *                  refuse to start instances without one; {@code off}: the host's network
 * @param range     the IPv4 range the platform takes a /30 per instance from; must not be used by
 *                  anything else on the node
 * @param stateDir  where agents on this host record which /30 each instance holds (host-wide, shared by
 *                  every agent and JVM on the host)
 */
@ConfigurationProperties("plinth.agent.network")
public record NetworkSettings(
        @Bindable(defaultValue = "auto") String isolation,
        @Bindable(defaultValue = "10.213.0.0/16") String range,
        @Bindable(defaultValue = "/run/plinth/network") Path stateDir) {
}
