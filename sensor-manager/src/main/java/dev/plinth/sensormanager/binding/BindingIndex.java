package dev.plinth.sensormanager.binding;

import dev.plinth.contracts.state.MqttTopics;
import dev.plinth.sensormanager.registry.DeviceKind;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The current bindings in memory, for the paths that run per message: which app topics a sensor's
 * readings go to, and which controllers an app's requirement may command. Replaced as a whole after
 * every reconcile, so readers never see half an update.
 */
@Singleton
public class BindingIndex {

    private static final String[] NONE = new String[0];

    private volatile Snapshot snapshot = new Snapshot(Map.of(), Map.of(), false);

    private record Snapshot(Map<String, String[]> topicsBySensor, Map<String, Binding> byKey, boolean loaded) {
    }

    /** Replaces the index with these bindings. */
    public void replace(Collection<Binding> bindings) {
        Map<String, List<String>> topics = new HashMap<>();
        Map<String, Binding> byKey = new HashMap<>();
        for (Binding b : bindings) {
            Requirement r = b.requirement();
            byKey.put(key(b.app(), r.kind(), r.name()), b);
            if (r.kind() == DeviceKind.SENSOR) {
                String topic = MqttTopics.appSensor(b.app(), r.name());
                for (String device : b.devices()) {
                    topics.computeIfAbsent(device, d -> new ArrayList<>()).add(topic);
                }
            }
        }
        Map<String, String[]> topicsBySensor = new HashMap<>();
        topics.forEach((device, list) -> topicsBySensor.put(device, list.stream().distinct().toArray(String[]::new)));
        snapshot = new Snapshot(topicsBySensor, byKey, true);
    }

    /** @return the MQTT topics a reading of this sensor goes to; empty when no app is bound to it */
    public String[] topicsFor(String sensorId) {
        return snapshot.topicsBySensor().getOrDefault(sensorId, NONE);
    }

    /** @return the binding of an app's requirement */
    public Optional<Binding> binding(String app, DeviceKind kind, String name) {
        return Optional.ofNullable(snapshot.byKey().get(key(app, kind, name)));
    }

    /** @return whether the index was filled at least once */
    public boolean loaded() {
        return snapshot.loaded();
    }

    private static String key(String app, DeviceKind kind, String name) {
        return app + "\u0000" + kind.wire() + "\u0000" + name;
    }
}
