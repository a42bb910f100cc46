package dev.plinth.appcontroller.apps;

import dev.plinth.kit.errors.ApiException;
import dev.plinth.kit.security.Caller;
import jakarta.inject.Singleton;

/**
 * Finds the app a request names, as the caller may see it: another developer's app is answered
 * exactly like a missing one, so names of others' apps do not leak.
 */
@Singleton
public class AppAccess {

    private final AppRepository apps;

    public AppAccess(AppRepository apps) {
        this.apps = apps;
    }

    /**
     * @return the app
     * @throws ApiException 404 when it does not exist or the caller may not see it
     */
    public AppRecord require(Caller caller, String name) {
        return apps.find(name).filter(app -> caller.mayAccess(app.owner()))
                .orElseThrow(() -> ApiException.notFound("app '" + name + "'"));
    }
}
