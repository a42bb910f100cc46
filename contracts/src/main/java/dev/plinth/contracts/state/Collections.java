package dev.plinth.contracts.state;

import java.util.List;

/**
 * Every MongoDB collection of the Plinth database, by the names of docs/state-model.md. Code names a
 * collection only through these constants, so a renamed collection is renamed for every module at
 * once. Each line says who writes the collection and who reads it.
 */
public final class Collections {

    /** Apps by name. Written by app-controller; read by sensor-manager, monitor, logger and api-gateway (owners, routes). */
    public static final String APPS = "apps";
    /** Uploaded versions, {@code {app}@{version}}. Written by app-controller; read by sensor-manager (requirements). */
    public static final String VERSIONS = "versions";
    /**
     * Desired deployments. Written by app-controller (desired state) and the deployer ({@code status},
     * rollbacks); read by sensor-manager (bindings), the MQTT broker and every subsystem (app tokens
     * of active deployments).
     */
    public static final String DEPLOYMENTS = "deployments";
    /** Deployment schedules. Written and read by app-controller only. */
    public static final String SCHEDULES = "schedules";
    /**
     * Instances. Created by the deployer ({@code desired}); node-manager binds them and records what
     * agents report; read by app-controller, api-gateway (routes) and monitor (metrics).
     */
    public static final String INSTANCES = "instances";
    /** Nodes. Written by node-manager; read by the deployer (lost and draining nodes), app-controller and monitor. */
    public static final String NODES = "nodes";
    /** Sensor and controller types. Written by sensor-manager; read by app-controller (uploads needing unknown types). */
    public static final String DEVICE_TYPES = "device_types";
    /**
     * Registered sensors and controllers. Written by sensor-manager; read by app-controller (devices
     * within reach), the MQTT broker ({@code tokenHash}) and monitor (silent sensors).
     */
    public static final String DEVICES = "devices";
    /** History of accepted readings. Written and read by sensor-manager only. */
    public static final String READINGS = "readings";
    /** Which devices each requirement of an active deployment is bound to. Written and read by sensor-manager only. */
    public static final String BINDINGS = "bindings";
    /** Sign-in sessions (sha256 of refresh tokens). Written and read by api-gateway only. */
    public static final String REFRESH_TOKENS = "refresh_tokens";
    /** Users an admin disabled. Written by api-gateway; read by every subsystem (platform-kit) to refuse their tokens. */
    public static final String DISABLED_USERS = "disabled_users";
    /** Platform settings an admin changed (registration open or closed). Written and read by api-gateway only. */
    public static final String SETTINGS = "settings";
    /**
     * Leases of work only one process may do at a time. Written and read only through platform-kit's
     * {@code Lease}: by the deployer, node-manager and app-controller.
     */
    public static final String LEASES = "leases";
    /** Log lines. Written and read by the logger only. */
    public static final String LOGS = "logs";
    /** Alerts. Written and read by monitor only. */
    public static final String ALERTS = "alerts";

    /** Every collection above. */
    public static final List<String> ALL = List.of(APPS, VERSIONS, DEPLOYMENTS, SCHEDULES, INSTANCES, NODES,
            DEVICE_TYPES, DEVICES, READINGS, BINDINGS, REFRESH_TOKENS, DISABLED_USERS, SETTINGS, LEASES, LOGS, ALERTS);

    private Collections() {
    }
}
