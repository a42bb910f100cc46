package dev.plinth.kit.security;

/** The roles a token can carry. */
public final class Roles {

    /** Develops apps: uploads, deploys and watches their own. */
    public static final String DEVELOPER = "DEVELOPER";
    /** Runs the platform: sees and manages everything. */
    public static final String ADMIN = "ADMIN";
    /** A platform part calling another part. */
    public static final String SERVICE = "SERVICE";
    /**
     * A deployed app's instance: reads its own sensor bindings and commands its own controllers.
     * Its token carries the claim {@value #APP_CLAIM} with the app's name.
     */
    public static final String APP = "APP";
    /** The claim of an {@link #APP} token naming the app. */
    public static final String APP_CLAIM = "app";
    /**
     * The claim of an {@link #APP} token naming the deployment it was issued for: the token is
     * refused once that deployment is no longer active.
     */
    public static final String DEPLOYMENT_CLAIM = "deployment";

    private Roles() {
    }
}
