package dev.plinth.gateway.apps.proxy;

import io.micronaut.core.annotation.Nullable;

import java.util.regex.Pattern;

/**
 * A request path under {@code /apps/}, split into the app name and the path the app sees.
 *
 * @param app      the app name as written in the path (not necessarily a valid name)
 * @param rest     the raw (still percent-encoded) path after {@code /apps/{name}}, starting with
 *                 {@code /}; empty when the path ends at the name
 * @param validName whether {@code app} is a possible app name ({@code [a-z0-9-]}, 1 to 40)
 */
public record AppPath(String app, String rest, boolean validName) {

    /** The path prefix of every app. */
    public static final String ROOT = "/apps/";

    private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,40}");

    /**
     * @param rawPath a request's raw path
     * @return the app path, or null when the path names no app ({@code /apps}, {@code /apps/},
     * or anything outside {@code /apps/})
     */
    @Nullable
    public static AppPath parse(String rawPath) {
        if (rawPath == null || !rawPath.startsWith(ROOT)) {
            return null;
        }
        int end = rawPath.indexOf('/', ROOT.length());
        String app = end < 0 ? rawPath.substring(ROOT.length()) : rawPath.substring(ROOT.length(), end);
        if (app.isEmpty()) {
            return null;
        }
        String rest = end < 0 ? "" : rawPath.substring(end);
        return new AppPath(app, rest, NAME.matcher(app).matches());
    }

    /** @return whether the path stops at the name and must be redirected to {@code /apps/{name}/} */
    public boolean needsSlash() {
        return rest.isEmpty();
    }

    /** @return {@code /apps/{name}}, sent to the app as {@code X-Forwarded-Prefix} */
    public String prefix() {
        return ROOT + app;
    }

    /**
     * @param rawQuery the request's raw query, or null
     * @return the path and query the app sees
     */
    public String target(@Nullable String rawQuery) {
        return rawQuery == null || rawQuery.isEmpty() ? rest : rest + "?" + rawQuery;
    }
}
