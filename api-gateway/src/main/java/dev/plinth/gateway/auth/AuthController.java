package dev.plinth.gateway.auth;

import com.unboundid.ldap.sdk.LDAPException;
import dev.plinth.kit.errors.ApiError;
import dev.plinth.kit.errors.ApiException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.CookieValue;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Sign-in, sign-out, token refresh and self-registration over HTTP. A session's tokens are answered
 * for API and CLI use and set as HttpOnly, SameSite cookies for the web UI. Who may sign in and the
 * tokens are {@link SignIn}'s, registration's rules {@link Registration}'s; this controller only
 * rate-limits sign-in and registration per client and turns them into HTTP.
 */
@Controller("/api/auth")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AuthController {

    /** The cookie carrying the access token. */
    public static final String SESSION_COOKIE = dev.plinth.kit.security.SessionCookieTokenReader.COOKIE;
    /** The cookie carrying the refresh token, sent only to {@code /api/auth}. */
    public static final String REFRESH_COOKIE = "PLINTH_REFRESH";

    private static final Logger LOG = LoggerFactory.getLogger(AuthController.class);

    private final SignIn signIn;
    private final AttemptLimiter limiter;
    private final AuthSettings settings;
    private final Registration registration;

    public AuthController(SignIn signIn, AttemptLimiter limiter, AuthSettings settings, Registration registration) {
        this.signIn = signIn;
        this.limiter = limiter;
        this.settings = settings;
        this.registration = registration;
    }

    /** Sign-in details. */
    @Serdeable
    public record LoginRequest(@Nullable String username, @Nullable String password) {
    }

    /** Registration details. */
    @Serdeable
    public record RegisterRequest(@Nullable String username, @Nullable String password, @Nullable String name,
                                  @Nullable String email) {
    }

    /** A refresh request; the token may come in the body or in the refresh cookie. */
    @Serdeable
    public record RefreshRequest(@Nullable String refreshToken) {
    }

    /** A signed-in session. */
    @Serdeable
    public record Session(String username, List<String> roles, String accessToken, String tokenType, long expiresIn,
                          String refreshToken) {
    }

    /** Who is signed in. */
    @Serdeable
    public record Me(String username, List<String> roles) {
    }

    @Post("/login")
    @Secured(SecurityRule.IS_ANONYMOUS)
    public MutableHttpResponse<?> login(HttpRequest<?> request, @Body LoginRequest body) {
        limit(request);
        String username = body == null || body.username() == null ? "" : body.username().trim();
        String password = body == null || body.password() == null ? "" : body.password();
        return session(signIn.signIn(request, username, password));
    }

    @Post("/refresh")
    @Secured(SecurityRule.IS_ANONYMOUS)
    public MutableHttpResponse<?> refresh(@Nullable @Body RefreshRequest body,
                                          @Nullable @CookieValue(REFRESH_COOKIE) String cookie) throws LDAPException {
        return session(signIn.refresh(refreshToken(body, cookie)));
    }

    @Post("/logout")
    @Secured(SecurityRule.IS_ANONYMOUS)
    public MutableHttpResponse<?> logout(@Nullable @Body RefreshRequest body, @Nullable @CookieValue(REFRESH_COOKIE) String cookie) {
        signIn.signOut(refreshToken(body, cookie));
        return HttpResponse.noContent().cookies(Set.of(
                expired(SESSION_COOKIE, "/"), expired(REFRESH_COOKIE, "/api/auth")));
    }

    @Get("/me")
    @Secured(SecurityRule.IS_AUTHENTICATED)
    public Me me(Authentication authentication) {
        return new Me(authentication.getName(), List.copyOf(authentication.getRoles()));
    }

    @Post("/register")
    @Secured(SecurityRule.IS_ANONYMOUS)
    public MutableHttpResponse<?> register(HttpRequest<?> request, @Body RegisterRequest body) throws LDAPException {
        limit(request);
        String username = body == null || body.username() == null ? "" : body.username().trim();
        String password = body == null || body.password() == null ? "" : body.password();
        registration.register(new Registration.Applicant(username, password,
                body == null ? null : body.name(), body == null ? null : body.email()));
        LOG.info("registered developer '{}' from {}", username, SignIn.clientAddress(request));
        return HttpResponse.created(new Me(username, List.of(dev.plinth.kit.security.Roles.DEVELOPER)));
    }

    /** The token in the body wins over the cookie. */
    private static String refreshToken(RefreshRequest body, String cookie) {
        return body != null && body.refreshToken() != null ? body.refreshToken() : cookie;
    }

    private MutableHttpResponse<Session> session(SignIn.Grant grant) {
        Cookie sessionCookie = Cookie.of(SESSION_COOKIE, grant.accessToken()).httpOnly(true).sameSite(SameSite.Strict)
                .path("/").maxAge(settings.accessTokenLifetime()).secure(settings.secureCookies());
        Cookie refreshCookie = Cookie.of(REFRESH_COOKIE, grant.refreshToken()).httpOnly(true).sameSite(SameSite.Strict)
                .path("/api/auth").maxAge(settings.refreshTokenLifetime()).secure(settings.secureCookies());
        return HttpResponse.ok(new Session(grant.username(), grant.roles(), grant.accessToken(), "Bearer",
                        grant.expiresInSeconds(), grant.refreshToken()))
                .cookies(Set.of(sessionCookie, refreshCookie));
    }

    private Cookie expired(String name, String path) {
        return Cookie.of(name, "").httpOnly(true).sameSite(SameSite.Strict).path(path).maxAge(0).secure(settings.secureCookies());
    }

    private void limit(HttpRequest<?> request) {
        Optional<Duration> wait = limiter.tryAcquire(SignIn.clientAddress(request));
        if (wait.isPresent()) {
            long seconds = Math.max(1, (long) Math.ceil(wait.get().toMillis() / 1000.0));
            throw new TooManyAttempts(seconds);
        }
    }

    /** Too many sign-in or registration attempts from one client. */
    static final class TooManyAttempts extends ApiException {
        final long retryAfterSeconds;

        TooManyAttempts(long retryAfterSeconds) {
            super(HttpStatus.TOO_MANY_REQUESTS, "too many attempts from your address; try again in " + retryAfterSeconds + " s");
            this.retryAfterSeconds = retryAfterSeconds;
        }
    }

    /** Answers 429 with Retry-After. */
    @io.micronaut.http.annotation.Error(exception = TooManyAttempts.class)
    public MutableHttpResponse<ApiError> tooMany(TooManyAttempts e) {
        return HttpResponse.<ApiError>status(HttpStatus.TOO_MANY_REQUESTS)
                .header("Retry-After", String.valueOf(e.retryAfterSeconds))
                .body(new ApiError(429, HttpStatus.TOO_MANY_REQUESTS.getReason(), e.getMessage(), List.of()));
    }
}
