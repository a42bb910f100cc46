package dev.plinth.logger.api;

import dev.plinth.kit.errors.ApiException;
import dev.plinth.kit.security.Roles;
import dev.plinth.logger.store.LogFilter;
import dev.plinth.logger.store.StoredLog;
import io.micronaut.http.HttpStatus;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.function.Predicate;

/**
 * Who may see which log lines. Admins see everything. A developer sees the lines of the apps they
 * own and nothing else: another developer's app answers exactly as a missing one does (404), and
 * lines of subsystems and agents, which belong to no app, are for admins (403). Of an app, only lines
 * written and received since it was created: an app name taken after its earlier owner deleted theirs
 * shows nothing of the earlier app (an app is deleted only once its instances have ended).
 */
@Singleton
public class LogAccess {

    private final AppOwnership ownership;

    public LogAccess(AppOwnership ownership) {
        this.ownership = ownership;
    }

    /**
     * @param filter what the caller asked for
     * @param caller who asks
     * @return the filter narrowed to what the caller may see
     * @throws ApiException 404 for an app the caller does not own, 403 for platform lines
     */
    public LogFilter restrict(LogFilter filter, Authentication caller) {
        if (isAdmin(caller)) {
            return filter;
        }
        if (filter.subsystem() != null) {
            throw new ApiException(HttpStatus.FORBIDDEN, "logs of subsystems and agents are for admins;"
                    + " ask for the logs of your apps with app, instance or node");
        }
        var owned = ownership.appsOf(caller.getName());
        if (filter.app() != null && !owned.containsKey(filter.app())) {
            throw new ApiException(HttpStatus.NOT_FOUND, "no app named '" + filter.app() + "'");
        }
        return filter.onlyApps(owned);
    }

    /**
     * For a live tail, which outlives a single look at ownership: whether a line is still visible
     * to the caller (a developer's app may have been deleted or handed on since the tail began).
     *
     * @param caller who watches
     * @return a test of lines, cheap enough to run for each one
     */
    public Predicate<StoredLog> stillVisible(Authentication caller) {
        if (isAdmin(caller)) {
            return log -> true;
        }
        String name = caller.getName();
        return log -> {
            if (log.app() == null) {
                return false;
            }
            Instant since = ownership.appsOf(name).get(log.app());
            return since != null && !log.time().isBefore(since) && !log.receivedAt().isBefore(since);
        };
    }

    private static boolean isAdmin(Authentication caller) {
        return caller.getRoles().contains(Roles.ADMIN);
    }
}
