package dev.plinth.kit.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.authentication.Authentication;

/**
 * Who asks, as the request's token says: a developer acts on what they own, an admin on
 * everything, an app instance (role {@value Roles#APP}) only on its own app's bindings and never
 * as an owner.
 *
 * @param name       the token's subject
 * @param admin      whether the caller has the ADMIN role
 * @param app        the app an {@value Roles#APP} token speaks for, else null
 * @param deployment the deployment an {@value Roles#APP} token was issued for, else null
 */
public record Caller(String name, boolean admin, @Nullable String app, @Nullable String deployment) {

    /**
     * A person, not an app.
     *
     * @param name  the username
     * @param admin whether they have the ADMIN role
     */
    public Caller(String name, boolean admin) {
        this(name, admin, null, null);
    }

    /** @return the caller a signed-in request carries */
    public static Caller of(Authentication authentication) {
        boolean admin = authentication.getRoles().contains(Roles.ADMIN);
        String app = null;
        String deployment = null;
        if (authentication.getRoles().contains(Roles.APP)) {
            Object claim = authentication.getAttributes().get(Roles.APP_CLAIM);
            app = claim == null ? null : claim.toString();
            Object issuedFor = authentication.getAttributes().get(Roles.DEPLOYMENT_CLAIM);
            deployment = issuedFor == null ? null : issuedFor.toString();
        }
        return new Caller(authentication.getName(), admin, app, deployment);
    }

    /** @return whether the caller may see and change something this user owns */
    public boolean mayAccess(String owner) {
        return admin || (app == null && name.equals(owner));
    }
}
