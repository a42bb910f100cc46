package dev.plinth.contracts.state;

import io.micronaut.core.annotation.Nullable;

import java.util.List;
import java.util.Optional;

/**
 * Every MQTT topic of the platform (docs/sensors.md, docs/protocol.md), as builders, subscription
 * filters and parsers, so that the devices' side, sensor-manager, the broker's permissions and the
 * tests spell them once:
 *
 * <table>
 *   <caption>topics</caption>
 *   <tr><th>topic</th><th>publisher</th><th>subscriber</th></tr>
 *   <tr><td>{@code devices/{id}/telemetry}</td><td>device {@code id}</td><td>sensor-manager (shared)</td></tr>
 *   <tr><td>{@code devices/{id}/commands}</td><td>sensor-manager</td><td>device {@code id}</td></tr>
 *   <tr><td>{@code apps/{app}/sensors/{name}}</td><td>sensor-manager</td><td>the app's instances (shared in group {@code app}, or each)</td></tr>
 *   <tr><td>{@code apps/{app}/controllers/{name}/commands}</td><td>the app's instances</td><td>sensor-manager (shared)</td></tr>
 *   <tr><td>{@code apps/{app}/controllers/{name}/rejected}</td><td>sensor-manager</td><td>the app's instances</td></tr>
 * </table>
 * The topic names are a public protocol: apps and devices in any language speak them.
 */
public final class MqttTopics {

    /** The first level of every device's topics. */
    public static final String DEVICES = "devices";
    /** The first level of every app's topics. */
    public static final String APPS = "apps";
    /** The last level of a device's readings. */
    public static final String TELEMETRY = "telemetry";
    /** The last level of commands, to a device or from an app. */
    public static final String COMMANDS = "commands";
    /** The last level of an app's commands the platform refused. */
    public static final String REJECTED = "rejected";
    /** The level before a sensor requirement's name. */
    public static final String SENSORS = "sensors";
    /** The level before a controller requirement's name. */
    public static final String CONTROLLERS = "controllers";
    /** How a shared subscription's filter starts: {@code $share/{group}/{filter}}. */
    public static final String SHARE_PREFIX = "$share/";

    /** Every device's readings: sensor-manager's subscription. */
    public static final String ALL_DEVICE_TELEMETRY = DEVICES + "/+/" + TELEMETRY;
    /** Commands to every device. */
    public static final String ALL_DEVICE_COMMANDS = DEVICES + "/+/" + COMMANDS;
    /** Every app's commands to its controllers: sensor-manager's subscription. */
    public static final String ALL_APP_COMMANDS = APPS + "/+/" + CONTROLLERS + "/+/" + COMMANDS;

    private MqttTopics() {
    }

    /** @return where device {@code id} publishes its readings */
    public static String deviceTelemetry(String id) {
        return DEVICES + "/" + id + "/" + TELEMETRY;
    }

    /** @return where device {@code id} receives commands */
    public static String deviceCommands(String id) {
        return DEVICES + "/" + id + "/" + COMMANDS;
    }

    /** @return where readings of sensor requirement {@code name} of {@code app} are delivered */
    public static String appSensor(String app, String name) {
        return APPS + "/" + app + "/" + SENSORS + "/" + name;
    }

    /** @return where {@code app} sends commands to its controller requirement {@code name} */
    public static String appCommands(String app, String name) {
        return APPS + "/" + app + "/" + CONTROLLERS + "/" + name + "/" + COMMANDS;
    }

    /** @return where {@code app} hears which of its commands to {@code name} were refused */
    public static String appRejected(String app, String name) {
        return APPS + "/" + app + "/" + CONTROLLERS + "/" + name + "/" + REJECTED;
    }

    /** @return the filter of {@code app}'s commands to any of its controller requirements */
    public static String appCommandsFilter(String app) {
        return appCommands(app, "+");
    }

    /** @return the filter of {@code app}'s refused commands to any of its controller requirements */
    public static String appRejectedFilter(String app) {
        return appRejected(app, "+");
    }

    /** @return the filter of every topic of {@code app}: the most an app instance may subscribe to */
    public static String appTree(String app) {
        return APPS + "/" + app + "/#";
    }

    /** @return {@code filter} as a subscription shared in {@code group}: each message reaches one member */
    public static String shared(String group, String filter) {
        return SHARE_PREFIX + group + "/" + filter;
    }

    /**
     * @param topic a topic name
     * @return the device id of {@code devices/{id}/telemetry}, or empty for any other topic
     */
    public static Optional<String> telemetryDevice(String topic) {
        return deviceOf(topic, TELEMETRY);
    }

    /**
     * @param topic a topic name or filter
     * @return the device id of {@code devices/{id}/commands}, or empty for any other topic (and for
     *         a wildcard in place of the id)
     */
    public static Optional<String> commandsDevice(String topic) {
        return deviceOf(topic, COMMANDS);
    }

    /**
     * @param topic a topic name
     * @return the app and controller requirement of {@code apps/{app}/controllers/{name}/commands},
     *         or empty for any other topic (and for a wildcard in place of either)
     */
    public static Optional<AppRequirement> appCommandsOf(String topic) {
        List<String> levels = levels(topic);
        if (levels.size() == 5 && levels.get(0).equals(APPS) && plain(levels.get(1))
                && levels.get(2).equals(CONTROLLERS) && plain(levels.get(3)) && levels.get(4).equals(COMMANDS)) {
            return Optional.of(new AppRequirement(levels.get(1), levels.get(3)));
        }
        return Optional.empty();
    }

    /**
     * @param filter a topic name or filter
     * @return the app whose topics it is under ({@code apps/{app}/...}, at least one level below the
     *         app), or empty for anything else
     */
    public static Optional<String> appOf(String filter) {
        List<String> levels = levels(filter);
        if (levels.size() >= 3 && levels.get(0).equals(APPS) && plain(levels.get(1))) {
            return Optional.of(levels.get(1));
        }
        return Optional.empty();
    }

    /**
     * @param filter a subscription's filter, plain or {@code $share/{group}/{filter}}
     * @return it split into its share group and inner filter; empty for a share prefix with no
     *         group or no filter
     */
    public static Optional<Subscription> subscription(String filter) {
        if (!filter.startsWith(SHARE_PREFIX)) {
            return Optional.of(new Subscription(null, filter));
        }
        int slash = filter.indexOf('/', SHARE_PREFIX.length());
        if (slash <= SHARE_PREFIX.length() || slash == filter.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new Subscription(filter.substring(SHARE_PREFIX.length(), slash), filter.substring(slash + 1)));
    }

    /**
     * An app and one of its requirements, as named in a topic.
     *
     * @param app  the app
     * @param name the requirement
     */
    public record AppRequirement(String app, String name) {
    }

    /**
     * A subscription's filter.
     *
     * @param group  the share group, or null for a plain subscription
     * @param filter the topic filter
     */
    public record Subscription(@Nullable String group, String filter) {
    }

    private static Optional<String> deviceOf(String topic, String last) {
        List<String> levels = levels(topic);
        if (levels.size() == 3 && levels.get(0).equals(DEVICES) && plain(levels.get(1)) && levels.get(2).equals(last)) {
            return Optional.of(levels.get(1));
        }
        return Optional.empty();
    }

    private static List<String> levels(String topic) {
        return List.of(topic.split("/", -1));
    }

    /** A topic level that names one thing: not empty, no wildcard. */
    private static boolean plain(String level) {
        return !level.isEmpty() && level.indexOf('+') < 0 && level.indexOf('#') < 0;
    }
}
