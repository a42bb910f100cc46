package dev.plinth.contracts.events;

import java.util.List;

/**
 * Every Kafka topic Plinth uses, with its partition count. The bootstrapper creates them at
 * start (idempotently); code refers to them through these constants.
 */
public final class Topics {

    private static final long DAY_MS = 24L * 60 * 60 * 1000;

    /** Apps and versions: uploaded, ready, deleted. Keyed by app name. */
    public static final String APP_EVENTS = "app.events";
    /** Desired deployments: created, changed, stopped, failed. Keyed by deployment id. */
    public static final String DEPLOYMENT_EVENTS = "deployment.events";
    /** Commands to node agents: start and stop instances. Keyed by node id. */
    public static final String NODE_COMMANDS = "node.commands";
    /** Every status change of an instance, reported by its agent. Keyed by instance id. */
    public static final String INSTANCE_STATUS = "instance.status";
    /** Node agents' heartbeats with their load. Keyed by node id. */
    public static final String NODE_HEARTBEATS = "node.heartbeats";
    /** Node state changes decided by node-manager (lost, draining, back). Keyed by node id. */
    public static final String NODE_EVENTS = "node.events";
    /** Subsystems' heartbeats. Keyed by subsystem name. */
    public static final String SUBSYSTEM_HEARTBEATS = "subsystem.heartbeats";
    /** Accepted sensor readings. Keyed by sensor id. */
    public static final String SENSOR_READINGS = "sensor.readings";
    /** Log records of subsystems, agents and instances. Keyed by source name. */
    public static final String PLATFORM_LOGS = "platform.logs";
    /** Alerts raised by any part. Keyed by alert subject. */
    public static final String ALERTS = "platform.alerts";

    /** Every topic with its partitions, key and retention. */
    public static final List<TopicSpec> ALL = List.of(
            new TopicSpec(APP_EVENTS, 3, "app name", 7 * DAY_MS),
            new TopicSpec(DEPLOYMENT_EVENTS, 3, "deployment id", 7 * DAY_MS),
            new TopicSpec(NODE_COMMANDS, 6, "node id", DAY_MS),
            new TopicSpec(INSTANCE_STATUS, 6, "instance id", DAY_MS),
            new TopicSpec(NODE_HEARTBEATS, 3, "node id", DAY_MS / 24),
            new TopicSpec(NODE_EVENTS, 3, "node id", DAY_MS),
            new TopicSpec(SUBSYSTEM_HEARTBEATS, 1, "subsystem name", DAY_MS / 24),
            new TopicSpec(SENSOR_READINGS, 12, "sensor id", 7 * DAY_MS),
            new TopicSpec(PLATFORM_LOGS, 6, "source name", DAY_MS),
            new TopicSpec(ALERTS, 1, "alert subject", 30 * DAY_MS));

    private Topics() {
    }
}
