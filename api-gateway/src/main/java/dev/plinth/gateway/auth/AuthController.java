package dev.plinth.gateway.auth;

import com.unboundid.ldap.sdk.LDAPException;
import dev.plinth.kit.errors.ApiError;
import dev.plinth.kit.errors.ApiException;
import dev.plinth.kit.security.DisabledAccounts;
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
import io.micronaut.security.authentication.AuthenticationFailed;
import io.micronaut.security.authentication.AuthenticationFailureReason;
import io.micronaut.security.authentication.AuthenticationResponse;
import io.micronaut.security.authentication.Authenticator;
import io.micronaut.security.authentication.UsernamePasswordCredentials;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.token.generator.TokenGenerator;
import io.micronaut.serde.annotation.Serdeable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Sign-in, sign-out, token refresh and self-registration. Sign-in checks the password with the
 * directory (micronaut-security-ldap) and answers a signed token for API and CLI use; the same
 * token is set as an HttpOnly, SameSite cookie for the web UI. Registration's rules are
 * {@link Registration}'s; this controller only rate-limits it and turns it into HTTP.
 */
@Controller("/api/auth")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AuthController {

    /** The cookie carrying the access token. */
    public static final String SESSION_COOKIE = dev.plinth.kit.security.SessionCookieTokenReader.COOKIE;
    /** The cookie carrying the refresh token, sent only to {@code /api/auth}. */
    public static final String REFRESH_COOKIE = "PLINTH_REFRESH";

    private static final Logger LOG = LoggerFactory.getLogger(AuthController.class);

    private final Authenticator<HttpRequest<?>> authenticator;
    private final TokenGenerator tokens;
    private final RefreshTokens refreshTokens;
    private final UserDirectory directory;
    private final RoleMapper roles;
    private final AttemptLimiter limiter;
    private final AuthSettings settings;
    private final LdapSettings ldap;
    private final DisabledAccounts disabled;
    private final Registration registration;

    public AuthController(Authenticator<HttpRequest<?>> authenticator, TokenGenerator tokens, RefreshTokens refreshTokens,
                          UserDirectory directory, RoleMapper roles, AttemptLimiter limiter, AuthSettings settings,
                          LdapSettings ldap, DisabledAccounts disabled, Registration registration) {
        this.authenticator = authenticator;
        this.tokens = tokens;
        this.refreshTokens = refreshTokens;
        this.directory = directory;
        this.roles = roles;
        this.limiter = limiter;
        this.settings = settings;
        this.ldap = ldap;
        this.disabled = disabled;
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
        if (username.isEmpty() || password.isEmpty()) {
            throw ApiException.badRequest("send {\"username\": ..., \"password\": ...}");
        }
        if (!Registration.possibleUsername(username)) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, "wrong username or password");
        }
        AuthenticationResponse result = Mono.from(authenticator.authenticate(request,
                new UsernamePasswordCredentials(username, password))).block(Duration.ofSeconds(30));
        if (result == null || !result.isAuthenticated() || result.getAuthentication().isEmpty()) {
            AuthenticationFailureReason reason = result instanceof AuthenticationFailed failed ? failed.getReason() : null;
            if (reason == AuthenticationFailureReason.UNKNOWN) {
                // The directory could not be asked (the LDAP provider's manager bind failed): not the caller's fault.
                LOG.warn("sign-in of '{}' from {} failed: the user directory cannot be reached", username, client(request));
                throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "the user directory cannot be reached now; try again shortly");
            }
            boolean disabledAccount = reason == AuthenticationFailureReason.USER_DISABLED;
            LOG.info("sign-in refused for '{}' from {}: {}", username, client(request), disabledAccount ? "disabled"
                    : "bad credentials (" + (reason == null ? "no answer" : reason.name().toLowerCase(java.util.Locale.ROOT)) + ")");
            if (disabledAccount) {
                throw new ApiException(HttpStatus.FORBIDDEN, "this account is disabled or has no role; ask an admin");
            }
            throw new ApiException(HttpStatus.UNAUTHORIZED, "wrong username or password");
        }
        Authentication authentication = result.getAuthentication().get();
        if (disabled.isDisabled(authentication.getName())) {
            throw new ApiException(HttpStatus.FORBIDDEN, "this account is disabled; ask an admin");
        }
        return session(authentication.getName(), List.copyOf(authentication.getRoles()));
    }

    @Post("/refresh")
    @Secured(SecurityRule.IS_ANONYMOUS)
    public MutableHttpResponse<?> refresh(@Nullable @Body RefreshRequest body,
                                          @Nullable @CookieValue(REFRESH_COOKIE) String cookie) throws LDAPException {
        String token = body != null && body.refreshToken() != null ? body.refreshToken() : cookie;
        if (token == null || token.isBlank()) {
            throw ApiException.badRequest("send {\"refreshToken\": ...} from sign-in, or its cookie");
        }
        String username = refreshTokens.redeem(token)
                .orElseThrow(() -> new ApiException(HttpStatus.UNAUTHORIZED, "this refresh token is expired or revoked; sign in again"));
        Set<String> groups = directory.groupsOf(username);
        List<String> current = roles.rolesOf(groups);
        if (groups.contains(ldap.disabledGroup()) || current.isEmpty() || disabled.isDisabled(username)) {
            throw new ApiException(HttpStatus.FORBIDDEN, "this account is disabled; ask an admin");
        }
        return session(username, current);
    }

    @Post("/logout")
    @Secured(SecurityRule.IS_ANONYMOUS)
    public MutableHttpResponse<?> logout(@Nullable @Body RefreshRequest body, @Nullable @CookieValue(REFRESH_COOKIE) String cookie) {
        String token = body != null && body.refreshToken() != null ? body.refreshToken() : cookie;
        if (token != null && !token.isBlank()) {
            refreshTokens.revoke(token);
        }
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
        LOG.info("registered developer '{}' from {}", username, client(request));
        return HttpResponse.created(new Me(username, List.of(dev.plinth.kit.security.Roles.DEVELOPER)));
    }

    private MutableHttpResponse<Session> session(String username, List<String> roleList) {
        int seconds = (int) settings.accessTokenLifetime().toSeconds();
        String access = tokens.generateToken(Authentication.build(username, roleList), seconds)
                .orElseThrow(() -> new IllegalStateException("no token could be signed"));
        String refresh = refreshTokens.issue(username, settings.refreshTokenLifetime());
        Cookie sessionCookie = Cookie.of(SESSION_COOKIE, access).httpOnly(true).sameSite(SameSite.Strict)
                .path("/").maxAge(settings.accessTokenLifetime()).secure(settings.secureCookies());
        Cookie refreshCookie = Cookie.of(REFRESH_COOKIE, refresh).httpOnly(true).sameSite(SameSite.Strict)
                .path("/api/auth").maxAge(settings.refreshTokenLifetime()).secure(settings.secureCookies());
        return HttpResponse.ok(new Session(username, roleList, access, "Bearer", seconds, refresh))
                .cookies(Set.of(sessionCookie, refreshCookie));
    }

    private Cookie expired(String name, String path) {
        return Cookie.of(name, "").httpOnly(true).sameSite(SameSite.Strict).path(path).maxAge(0).secure(settings.secureCookies());
    }

    private void limit(HttpRequest<?> request) {
        Optional<Duration> wait = limiter.tryAcquire(client(request));
        if (wait.isPresent()) {
            long seconds = Math.max(1, (long) Math.ceil(wait.get().toMillis() / 1000.0));
            throw new TooManyAttempts(seconds);
        }
    }

    private static String client(HttpRequest<?> request) {
        return request.getRemoteAddress().getAddress() == null ? "unknown"
                : request.getRemoteAddress().getAddress().getHostAddress();
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
