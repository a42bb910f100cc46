package dev.plinth.monitor.api;

import dev.plinth.contracts.events.Alert;
import dev.plinth.kit.errors.ApiException;
import dev.plinth.kit.security.Roles;
import dev.plinth.monitor.alerts.AlertQuery;
import dev.plinth.monitor.alerts.AppOwners;
import dev.plinth.monitor.alerts.StoredAlert;
import io.micronaut.http.HttpStatus;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

import java.util.EnumSet;
import java.util.Set;

/**
 * Who may see and acknowledge which alerts. Admins: every alert. A developer: the alerts of the apps
 * they own now that were stored while the app was theirs (an alert keeps the owner its app had), so
 * an app name taken after its earlier owner deleted theirs shows none of the earlier app's alerts;
 * alerts about nodes, subsystems and devices belong to no app and are for admins. Another
 * developer's alert answers 404 exactly as a missing one does, and so does another developer's app.
 */
@Singleton
public class AlertAccess {

    /** Kinds that are never about an app. */
    static final Set<Alert.Kind> PLATFORM_KINDS = EnumSet.of(Alert.Kind.NODE_LOST, Alert.Kind.SUBSYSTEM_DOWN,
            Alert.Kind.SENSOR_SILENT, Alert.Kind.UNREGISTERED_DEVICE);

    private final AppOwners owners;

    public AlertAccess(AppOwners owners) {
        this.owners = owners;
    }

    /**
     * @return the query narrowed to what the caller may see
     * @throws ApiException 403 for a kind that is never about an app, 404 for an app the caller does not own
     */
    public AlertQuery restrict(AlertQuery query, Authentication caller) {
        if (isAdmin(caller)) {
            return query;
        }
        if (query.kind() != null && PLATFORM_KINDS.contains(query.kind())) {
            throw new ApiException(HttpStatus.FORBIDDEN, query.kind() + " alerts are about the platform and are for admins;"
                    + " ask for CRASH_LOOP or ROLLOUT_FAILED alerts of your apps");
        }
        Set<String> mine = owners.appsOf(caller.getName());
        if (query.app() != null && !mine.contains(query.app())) {
            throw new ApiException(HttpStatus.NOT_FOUND, "no app named '" + query.app() + "'");
        }
        return query.onlyApps(mine).ownedBy(caller.getName());
    }

    /**
     * @return the alert, when the caller may see it
     * @throws ApiException 404 when it is not the caller's to see
     */
    public StoredAlert visible(StoredAlert alert, Authentication caller) {
        if (isAdmin(caller) || (alert.app() != null && caller.getName().equals(alert.owner())
                && owners.appsOf(caller.getName()).contains(alert.app()))) {
            return alert;
        }
        throw notFound(alert.id());
    }

    static ApiException notFound(String id) {
        return new ApiException(HttpStatus.NOT_FOUND, "no alert with id '" + id + "'");
    }

    private static boolean isAdmin(Authentication caller) {
        return caller.getRoles().contains(Roles.ADMIN);
    }
}
