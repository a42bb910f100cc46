package dev.plinth.kit.security;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.security.token.reader.TokenReader;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * Reads the token from the web UI's session cookie when the request carries no bearer token. The
 * cookie is HttpOnly and SameSite=Strict, set by the gateway at sign-in.
 */
@Singleton
public class SessionCookieTokenReader implements TokenReader<HttpRequest<?>> {

    /** The cookie carrying the access token. */
    public static final String COOKIE = "PLINTH_SESSION";

    @Override
    public Optional<String> findToken(HttpRequest<?> request) {
        return request.getCookies().findCookie(COOKIE).map(Cookie::getValue).filter(v -> !v.isBlank());
    }

    /** After the bearer header reader. */
    @Override
    public int getOrder() {
        return 100;
    }
}
