package dev.plinth.kit.http;

import java.util.Locale;

/**
 * Which limit a request's body is held to, from its method and raw path alone (no routing, no I/O),
 * so a connection can decide before it reads the body.
 *
 * <p>A path that could mean something else after decoding or normalising (dot segments, encoded
 * slashes or dots, backslashes, empty segments) gets the standard limit: only a plainly written path
 * earns a larger one.</p>
 */
public final class BodyLimitRules {

    /** The upload route's path. */
    public static final String UPLOAD_PATH = "/api/apps";

    private BodyLimitRules() {
    }

    /**
     * The limit of one route.
     *
     * @param route    what the limit is for, as people read it ("sign-in and registration")
     * @param bytes    the most body bytes the route takes
     * @param streamed whether the route streams its body onwards (the upload and the app proxy), so a
     *                 chunked body is passed on while counted rather than held back until it is complete
     * @param encodedBodies whether a compressed body ({@code Content-Encoding}) may pass: only to apps,
     *                 which decide for themselves; elsewhere the server would inflate it past the limit
     */
    public record RouteLimit(String route, long bytes, boolean streamed, boolean encodedBodies) {
    }

    /**
     * @param method  the request method, as sent
     * @param target  the request target as sent (path and query, or an absolute URI)
     * @param limits  the configured limits
     * @return the limit for this request's body
     */
    public static RouteLimit limitFor(String method, String target, BodyLimitSettings limits) {
        String path = pathOf(target);
        RouteLimit standard = new RouteLimit("this route", limits.standard(), false, false);
        if (path == null || !plainlyWritten(path)) {
            return standard;
        }
        if (path.equals("/api/auth") || path.startsWith("/api/auth/")) {
            return new RouteLimit("sign-in and registration", limits.auth(), false, false);
        }
        if (path.equals("/api/ingest") || path.startsWith("/api/ingest/")) {
            return new RouteLimit("a device reading", limits.ingest(), false, false);
        }
        if ("POST".equals(method) && (path.equals(UPLOAD_PATH) || path.equals(UPLOAD_PATH + "/"))) {
            return new RouteLimit("an app upload", limits.upload(), true, false);
        }
        if (path.startsWith("/apps/")) {
            return new RouteLimit("a request to an app", limits.apps(), true, true);
        }
        return standard;
    }

    /** @return the path of a request target without its query, or null when it has none */
    static String pathOf(String target) {
        if (target == null || target.isEmpty()) {
            return null;
        }
        String path = target;
        if (!path.startsWith("/")) {
            int scheme = path.indexOf("://");
            if (scheme < 0) {
                return null;
            }
            int slash = path.indexOf('/', scheme + 3);
            path = slash < 0 ? "/" : path.substring(slash);
        }
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        int fragment = path.indexOf('#');
        return fragment >= 0 ? path.substring(0, fragment) : path;
    }

    private static boolean plainlyWritten(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        return !lower.contains("//") && !lower.contains("\\") && !lower.contains("%2f") && !lower.contains("%2e")
                && !lower.contains("%5c") && !lower.contains("/./") && !lower.contains("/../")
                && !lower.endsWith("/.") && !lower.endsWith("/..") && !lower.contains(";");
    }
}
