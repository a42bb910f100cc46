package dev.plinth.agent;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What a node agent needs to know, under {@code plinth.agent}.
 *
 * @param node              the node this agent runs, as named in the inventory
 * @param inventoryFile     the node inventory, for the node's capacity, runtime and ports
 * @param workDir           where packages are cached ({@code artifacts/}) and instances unpacked and run
 *                          ({@code instances/})
 * @param heartbeatInterval how often the agent reports the node's load
 * @param stopGrace         how long a stopped instance has between SIGTERM and SIGKILL
 * @param commandMaxAge     START commands older than this are skipped: node-manager resends a start
 *                          that still matters, and an agent reading an old backlog must not start
 *                          instances that were stopped long ago
 * @param keepExited        how long an ended instance's record and directory stay on the node
 * @param maxPackageBytes   the largest package the agent fetches, and the most it unpacks from one
 * @param logQueueCapacity  instance output lines waiting for Kafka; more are dropped and counted
 * @param mqttUrl           the MQTT broker instances use for sensors and commands ({@code PLINTH_MQTT_URL})
 * @param appTokenLifetime  how long an instance's credential ({@code PLINTH_TOKEN}, {@code PLINTH_MQTT_PASSWORD}) is valid
 */
@ConfigurationProperties("plinth.agent")
public record AgentSettings(
        String node,
        @Bindable(defaultValue = "plinth-nodes.yaml") Path inventoryFile,
        @Bindable(defaultValue = "plinth-data/agents") Path workDir,
        @Bindable(defaultValue = "2s") Duration heartbeatInterval,
        @Bindable(defaultValue = "10s") Duration stopGrace,
        @Bindable(defaultValue = "5m") Duration commandMaxAge,
        @Bindable(defaultValue = "10m") Duration keepExited,
        @Bindable(defaultValue = "1073741824") long maxPackageBytes,
        @Bindable(defaultValue = "10000") int logQueueCapacity,
        @Bindable(defaultValue = "tcp://127.0.0.1:1883") String mqttUrl,
        @Bindable(defaultValue = "30d") Duration appTokenLifetime) {
}
