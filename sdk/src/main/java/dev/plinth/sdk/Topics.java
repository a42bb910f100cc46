package dev.plinth.sdk;

/**
 * The app side's MQTT topics, as in docs/sensors.md. The platform spells them in contracts'
 * {@code MqttTopics}; apps must not get the platform's dependencies, so the SDK spells them again and
 * {@code TopicsTest} holds it to the platform's spelling.
 */
final class Topics {

    private Topics() {
    }

    /** Readings of sensor requirement {@code name}. */
    static String sensors(String app, String name) {
        return "apps/" + app + "/sensors/" + name;
    }

    /** A shared subscription of the app's instances to {@code topic}. */
    static String shared(String app, String topic) {
        return "$share/" + app + "/" + topic;
    }

    /** Commands to controller requirement {@code name}. */
    static String commands(String app, String name) {
        return "apps/" + app + "/controllers/" + name + "/commands";
    }

    /** Commands to {@code name} that the platform refused. */
    static String rejected(String app, String name) {
        return "apps/" + app + "/controllers/" + name + "/rejected";
    }
}
