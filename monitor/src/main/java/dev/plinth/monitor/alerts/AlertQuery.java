package dev.plinth.monitor.alerts;

import dev.plinth.contracts.events.Alert;

import java.util.Set;

/**
 * Which alerts to list.
 *
 * @param open     true: only open alerts; false: only acknowledged or resolved ones; null: all
 * @param kind     only this kind, or null
 * @param app      only this app's alerts, or null
 * @param onlyApps only alerts of these apps (a developer's), or null for no such limit
 * @param limit    at most this many
 */
public record AlertQuery(Boolean open, Alert.Kind kind, String app, Set<String> onlyApps, int limit) {

    /** @return the same query limited to alerts of these apps */
    public AlertQuery onlyApps(Set<String> apps) {
        return new AlertQuery(open, kind, app, Set.copyOf(apps), limit);
    }
}
