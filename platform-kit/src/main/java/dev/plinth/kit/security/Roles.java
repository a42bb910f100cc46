package dev.plinth.kit.security;

/** The roles a token can carry. */
public final class Roles {

    /** Develops apps: uploads, deploys and watches their own. */
    public static final String DEVELOPER = "DEVELOPER";
    /** Runs the platform: sees and manages everything. */
    public static final String ADMIN = "ADMIN";
    /** A platform part calling another part. */
    public static final String SERVICE = "SERVICE";

    private Roles() {
    }
}
