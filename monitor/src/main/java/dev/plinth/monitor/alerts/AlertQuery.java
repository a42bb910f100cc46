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
 * @param owner    only alerts stored while their app belonged to this developer, or null: an app
 *                 name taken after its earlier owner deleted theirs shows none of the earlier alerts
 */
public record AlertQuery(Boolean open, Alert.Kind kind, String app, Set<String> onlyApps, int limit, String owner) {

    public AlertQuery(Boolean open, Alert.Kind kind, String app, Set<String> onlyApps, int limit) {
        this(open, kind, app, onlyApps, limit, null);
    }

    /** @return the same query limited to alerts of these apps */
    public AlertQuery onlyApps(Set<String> apps) {
        return new AlertQuery(open, kind, app, Set.copyOf(apps), limit, owner);
    }

    /** @return the same query limited to alerts stored while their app was this developer's */
    public AlertQuery ownedBy(String developer) {
        return new AlertQuery(open, kind, app, onlyApps, limit, developer);
    }
}
