package dev.plinth.agent.runtime.network;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.nio.file.Path;

/**
 * How isolated instances (processes and containers) get a network of their own, under {@code plinth.agent.network}.
 * Whether they must is the node's {@code isolation} in the inventory, not a setting here.
 *
 * @param range     the IPv4 range the platform takes a /30 per instance from; must not be used by
 *                  anything else on the node
 * @param stateDir  where agents on this host record which /30 each instance holds (host-wide, shared by
 *                  every agent and JVM on the host)
 */
@ConfigurationProperties("plinth.agent.network")
public record NetworkSettings(
        @Bindable(defaultValue = "10.213.0.0/16") String range,
        @Bindable(defaultValue = "/run/plinth/network") Path stateDir) {

    /** @return the defaults, as an agent without settings gets them */
    public static NetworkSettings defaults() {
        return new NetworkSettings("10.213.0.0/16", Path.of("/run/plinth/network"));
    }
}
