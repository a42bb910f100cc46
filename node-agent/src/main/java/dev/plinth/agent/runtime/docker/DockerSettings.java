package dev.plinth.agent.runtime.docker;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.util.Locale;

/**
 * How the docker runtime uses the node's engine, under {@code plinth.agent.docker}; the bootstrapper
 * sets them from the node's {@code docker:} entry in the inventory.
 *
 * @param host    the engine's API: {@code unix:///PATH} or {@code tcp://HOST:PORT}
 * @param network {@code isolated}: each container gets a network namespace of the platform's own
 *                (as an isolated process does); {@code host}: the node's network, only on a node
 *                with {@code isolation: none}
 * @param pull    when an image named by {@code run.image} is pulled: {@code always},
 *                {@code if-missing} or {@code never}
 */
@ConfigurationProperties("plinth.agent.docker")
public record DockerSettings(
        @Bindable(defaultValue = "unix:///var/run/docker.sock") String host,
        @Bindable(defaultValue = "isolated") String network,
        @Bindable(defaultValue = "if-missing") String pull) {

    /** How containers are networked. */
    public enum Network { ISOLATED, HOST }

    /** When images are pulled. */
    public enum Pull { ALWAYS, IF_MISSING, NEVER }

    /** @return the network mode; unknown words are refused when the runtime starts */
    public Network networkMode() {
        return Network.valueOf(network.trim().toUpperCase(Locale.ROOT));
    }

    /** @return the pull policy */
    public Pull pullPolicy() {
        return Pull.valueOf(pull.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
