package dev.plinth.bootstrapper.infra.kafka;

import dev.plinth.contracts.events.Topics;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.plinth.contracts.events.Topics.ALERTS;
import static dev.plinth.contracts.events.Topics.APP_EVENTS;
import static dev.plinth.contracts.events.Topics.DEPLOYMENT_EVENTS;
import static dev.plinth.contracts.events.Topics.INSTANCE_STATUS;
import static dev.plinth.contracts.events.Topics.NODE_COMMANDS;
import static dev.plinth.contracts.events.Topics.NODE_EVENTS;
import static dev.plinth.contracts.events.Topics.NODE_HEARTBEATS;
import static dev.plinth.contracts.events.Topics.PLATFORM_LOGS;
import static dev.plinth.contracts.events.Topics.SENSOR_READINGS;
import static dev.plinth.contracts.events.Topics.SUBSYSTEM_HEARTBEATS;

/**
 * The platform's Kafka users and what each may do, read off the code: the topics of each module's
 * producers and listeners ({@link Topics}) and the groups of its listeners. A subsystem that starts
 * using another topic or group needs its line here changed too, or Kafka refuses it.
 */
public final class KafkaUsers {

    /** The super user of the bootstrapper's admin work: topics, users and ACLs. Signs in with SASL/PLAIN. */
    public static final String ADMIN = "plinth-admin";
    /** The embedded broker itself (its controller and inter-broker links). A super user, SASL/PLAIN. */
    public static final String BROKER = "plinth-broker";
    /** The bootstrapper's own clients: self-healing's heartbeat reader, and log shipping in {@code plinth up}. */
    public static final String BOOTSTRAPPER = "plinth-bootstrapper";
    /** Every node agent. */
    public static final String AGENT = "plinth-agent";

    /** Every user that signs in with SCRAM and is limited by ACLs. */
    public static final List<KafkaUser> LIMITED = List.of(
            new KafkaUser(BOOTSTRAPPER, Set.of(PLATFORM_LOGS), Set.of(SUBSYSTEM_HEARTBEATS), Set.of("plinth-self-healing-*")),
            new KafkaUser(subsystem("app-controller"),
                    Set.of(APP_EVENTS, DEPLOYMENT_EVENTS, SUBSYSTEM_HEARTBEATS, PLATFORM_LOGS), Set.of(), Set.of()),
            new KafkaUser(subsystem("deployer"),
                    Set.of(DEPLOYMENT_EVENTS, SUBSYSTEM_HEARTBEATS, PLATFORM_LOGS),
                    Set.of(DEPLOYMENT_EVENTS, INSTANCE_STATUS, NODE_EVENTS),
                    Set.of("deployer", "deployer-status", "deployer-nodes")),
            new KafkaUser(subsystem("node-manager"),
                    Set.of(NODE_COMMANDS, NODE_EVENTS, SUBSYSTEM_HEARTBEATS, PLATFORM_LOGS),
                    Set.of(NODE_HEARTBEATS, INSTANCE_STATUS, DEPLOYMENT_EVENTS),
                    Set.of("node-manager-heartbeats*", "node-manager-wakeups*", "node-manager-status")),
            new KafkaUser(subsystem("sensor-manager"),
                    Set.of(SENSOR_READINGS, ALERTS, SUBSYSTEM_HEARTBEATS, PLATFORM_LOGS),
                    Set.of(DEPLOYMENT_EVENTS, SENSOR_READINGS),
                    Set.of("sensor-bindings*", "sensor-history", "sensor-delivery")),
            new KafkaUser(subsystem("monitor"),
                    Set.of(ALERTS, SUBSYSTEM_HEARTBEATS, PLATFORM_LOGS),
                    Set.of(NODE_HEARTBEATS, SUBSYSTEM_HEARTBEATS, DEPLOYMENT_EVENTS, INSTANCE_STATUS, ALERTS),
                    Set.of("monitor-node-heartbeats*", "monitor-subsystem-heartbeats*", "monitor-crash-loops*",
                            "monitor-deployments", "monitor-alerts")),
            new KafkaUser(subsystem("logger"), Set.of(SUBSYSTEM_HEARTBEATS, PLATFORM_LOGS), Set.of(PLATFORM_LOGS), Set.of("logger")),
            new KafkaUser(subsystem("api-gateway"), Set.of(SUBSYSTEM_HEARTBEATS, PLATFORM_LOGS), Set.of(INSTANCE_STATUS),
                    Set.of("api-gateway-endpoints*")),
            // Each agent's group is its context's name, plinth-agent-{node}; it reads every node's commands and keeps its own.
            new KafkaUser(AGENT, Set.of(INSTANCE_STATUS, NODE_HEARTBEATS, PLATFORM_LOGS), Set.of(NODE_COMMANDS), Set.of("plinth-agent-*")));

    /** The users that are not limited by ACLs. */
    public static final List<String> SUPER_USERS = List.of(ADMIN, BROKER);

    private KafkaUsers() {
    }

    /** @return the Kafka user of a subsystem, as {@code plinth-deployer} */
    public static String subsystem(String subsystem) {
        return "plinth-" + subsystem;
    }

    /** @return every user name, super users included */
    public static List<String> allNames() {
        List<String> names = new java.util.ArrayList<>(SUPER_USERS);
        LIMITED.forEach(u -> names.add(u.name()));
        return List.copyOf(names);
    }

    /** @return the limited user of that name */
    public static Optional<KafkaUser> limited(String name) {
        return LIMITED.stream().filter(u -> u.name().equals(name)).findFirst();
    }
}
