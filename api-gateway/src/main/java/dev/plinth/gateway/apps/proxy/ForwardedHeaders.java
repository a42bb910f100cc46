package dev.plinth.gateway.apps.proxy;

import dev.plinth.gateway.auth.AuthController;
import dev.plinth.kit.security.SessionCookieTokenReader;
import io.micronaut.core.annotation.Nullable;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The headers an app instance gets from the gateway, computed once per request from the request as
 * it arrived, so the HTTP proxy and the WebSocket tunnel send the same, and a retry on another
 * instance sends them again unchanged.
 *
 * <p>Apps share the gateway's origin, so the browser sends them the platform's session cookie:
 * it is removed on the way in, and an app cannot set it on the way out. The browser also sends
 * them the caller's {@code Authorization} header (a platform token): it never reaches an app, and an
 * app cannot ask the browser for credentials on the platform's origin ({@code WWW-Authenticate}).</p>
 */
public final class ForwardedHeaders {

    public static final String X_FORWARDED_FOR = "X-Forwarded-For";
    static final String X_FORWARDED_PROTO = "X-Forwarded-Proto";
    static final String X_FORWARDED_HOST = "X-Forwarded-Host";
    static final String X_FORWARDED_PREFIX = "X-Forwarded-Prefix";

    /** Headers about one connection, not the message (RFC 9110, 7.6.1), never forwarded as they are. */
    static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection", "te", "trailer",
            "upgrade", "proxy-authorization", "proxy-authenticate");

    /** Credentials meant for the platform (or a proxy), never an app's business. */
    static final Set<String> CREDENTIALS = Set.of("authorization", "proxy-authorization");

    /**
     * Answers that would make the browser ask its user for credentials on the platform's origin, and
     * send them (with any platform credentials it holds for this origin) to every later request.
     */
    private static final Set<String> CHALLENGES = Set.of("www-authenticate", "proxy-authenticate");

    private static final Set<String> PLATFORM_COOKIES = Set.of(SessionCookieTokenReader.COOKIE, AuthController.REFRESH_COOKIE);

    private ForwardedHeaders() {
    }

    /**
     * @param existingForwardedFor the request's {@code X-Forwarded-For} values, possibly empty
     * @param client               the address the request came from
     * @param secure               whether it came over TLS
     * @param host                 its {@code Host} header, or null
     * @param prefix               {@code /apps/{name}}
     * @return the {@code X-Forwarded-*} headers to set, by name
     */
    public static Map<String, String> forwarded(List<String> existingForwardedFor, @Nullable InetSocketAddress client,
                                         boolean secure, @Nullable String host, String prefix) {
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> chain = new ArrayList<>();
        for (String value : existingForwardedFor) {
            if (value != null && !value.isBlank()) {
                chain.add(value.trim());
            }
        }
        if (client != null) {
            chain.add(client.getAddress() != null ? client.getAddress().getHostAddress() : client.getHostString());
        }
        if (!chain.isEmpty()) {
            headers.put(X_FORWARDED_FOR, String.join(", ", chain));
        }
        headers.put(X_FORWARDED_PROTO, secure ? "https" : "http");
        if (host != null && !host.isBlank()) {
            headers.put(X_FORWARDED_HOST, host.trim());
        }
        headers.put(X_FORWARDED_PREFIX, prefix);
        return headers;
    }

    /**
     * @param connectionValues the request's {@code Connection} header values
     * @return lower-case names of the headers not to forward: the hop-by-hop ones, those the
     * {@code Connection} header names, and the caller's credentials
     */
    public static Set<String> notForwarded(List<String> connectionValues) {
        Set<String> names = new TreeSet<>(HOP_BY_HOP);
        names.addAll(CREDENTIALS);
        for (String value : connectionValues) {
            for (String token : value.split(",")) {
                String name = token.trim().toLowerCase(Locale.ROOT);
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /**
     * @param cookieHeaders the request's {@code Cookie} header values
     * @return one {@code Cookie} value without the platform's cookies, or null when none is left
     */
    @Nullable
    public static String withoutPlatformCookies(List<String> cookieHeaders) {
        List<String> kept = new ArrayList<>();
        for (String header : cookieHeaders) {
            for (String pair : header.split(";")) {
                String trimmed = pair.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                int eq = trimmed.indexOf('=');
                String name = (eq < 0 ? trimmed : trimmed.substring(0, eq)).trim();
                if (!PLATFORM_COOKIES.contains(name)) {
                    kept.add(trimmed);
                }
            }
        }
        return kept.isEmpty() ? null : String.join("; ", kept);
    }

    /** @return whether an app's response header must not reach the browser (a credentials challenge) */
    public static boolean isChallenge(String headerName) {
        return CHALLENGES.contains(headerName.toLowerCase(Locale.ROOT));
    }

    /** @return whether a {@code Set-Cookie} value would set one of the platform's cookies */
    public static boolean setsPlatformCookie(String setCookie) {
        int eq = setCookie.indexOf('=');
        String name = (eq < 0 ? setCookie : setCookie.substring(0, eq)).trim();
        return PLATFORM_COOKIES.contains(name);
    }
}
