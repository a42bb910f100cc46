package dev.plinth.appcontroller.apps;

import dev.plinth.kit.security.Roles;
import io.micronaut.security.authentication.Authentication;

/**
 * Who asks: a developer acts on the apps they own, an admin on every app.
 *
 * @param name  the username, the token's subject
 * @param admin whether the caller has the ADMIN role
 */
public record Caller(String name, boolean admin) {

    /** @return the caller a signed-in request carries */
    public static Caller of(Authentication authentication) {
        return new Caller(authentication.getName(), authentication.getRoles().contains(Roles.ADMIN));
    }

    /** @return whether the caller may see and change an app with this owner */
    public boolean mayAccess(String owner) {
        return admin || name.equals(owner);
    }
}
