package dev.plinth.gateway.auth;

import com.unboundid.ldap.sdk.LDAPException;
import dev.plinth.kit.errors.ApiException;
import dev.plinth.kit.security.DisabledAccounts;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.authentication.AuthenticationFailed;
import io.micronaut.security.authentication.AuthenticationFailureReason;
import io.micronaut.security.authentication.AuthenticationResponse;
import io.micronaut.security.authentication.Authenticator;
import io.micronaut.security.authentication.UsernamePasswordCredentials;
import io.micronaut.security.token.generator.TokenGenerator;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Signing in, refreshing and signing out: who may have a session, and its tokens. A password is
 * checked with the directory (micronaut-security-ldap); a refresh token is redeemed for a new pair
 * with the roles the directory gives now. A disabled account gets no session either way.
 */
@Singleton
public class SignIn {

    private static final Logger LOG = LoggerFactory.getLogger(SignIn.class);

    private final Authenticator<HttpRequest<?>> authenticator;
    private final TokenGenerator tokens;
    private final RefreshTokens refreshTokens;
    private final UserDirectory directory;
    private final RoleMapper roles;
    private final AuthSettings settings;
    private final LdapSettings ldap;
    private final DisabledAccounts disabled;

    public SignIn(Authenticator<HttpRequest<?>> authenticator, TokenGenerator tokens, RefreshTokens refreshTokens,
                  UserDirectory directory, RoleMapper roles, AuthSettings settings, LdapSettings ldap, DisabledAccounts disabled) {
        this.authenticator = authenticator;
        this.tokens = tokens;
        this.refreshTokens = refreshTokens;
        this.directory = directory;
        this.roles = roles;
        this.settings = settings;
        this.ldap = ldap;
        this.disabled = disabled;
    }

    /**
     * A session's tokens.
     *
     * @param username         who signed in
     * @param roles            their roles
     * @param accessToken      the signed token for API calls
     * @param expiresInSeconds how long the access token is good for
     * @param refreshToken     the token that gets the next pair
     */
    public record Grant(String username, List<String> roles, String accessToken, int expiresInSeconds, String refreshToken) {
    }

    /**
     * Checks a password.
     *
     * @param request  the sign-in request: the authenticator's context; its address is logged with a refusal
     * @param username the username as sent, trimmed
     * @param password the password as sent
     * @return a new session
     * @throws ApiException 400 when either is empty, 401 when they are wrong, 403 when the account is disabled,
     *                      503 when the user directory cannot be reached
     */
    public Grant signIn(HttpRequest<?> request, String username, String password) {
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
                LOG.warn("sign-in of '{}' from {} failed: the user directory cannot be reached", username, clientAddress(request));
                throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "the user directory cannot be reached now; try again shortly");
            }
            boolean disabledAccount = reason == AuthenticationFailureReason.USER_DISABLED;
            LOG.info("sign-in refused for '{}' from {}: {}", username, clientAddress(request), disabledAccount ? "disabled"
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
        return grant(authentication.getName(), List.copyOf(authentication.getRoles()));
    }

    /**
     * Redeems a refresh token (it can be used once) for a new session with the roles the directory gives now.
     *
     * @param refreshToken the token from sign-in or the last refresh; null or blank when none was sent
     * @return a new session
     * @throws ApiException 400 when no token was sent, 401 when it is expired or revoked, 403 when the
     *                      account is disabled or has no role left
     * @throws LDAPException when the directory fails
     */
    public Grant refresh(String refreshToken) throws LDAPException {
        if (refreshToken == null || refreshToken.isBlank()) {
            throw ApiException.badRequest("send {\"refreshToken\": ...} from sign-in, or its cookie");
        }
        String username = refreshTokens.redeem(refreshToken)
                .orElseThrow(() -> new ApiException(HttpStatus.UNAUTHORIZED, "this refresh token is expired or revoked; sign in again"));
        Set<String> groups = directory.groupsOf(username);
        List<String> current = roles.rolesOf(groups);
        if (groups.contains(ldap.disabledGroup()) || current.isEmpty() || disabled.isDisabled(username)) {
            throw new ApiException(HttpStatus.FORBIDDEN, "this account is disabled; ask an admin");
        }
        return grant(username, current);
    }

    /**
     * Revokes a refresh token, if one was sent.
     *
     * @param refreshToken the token; null or blank when none was sent
     */
    public void signOut(String refreshToken) {
        if (refreshToken != null && !refreshToken.isBlank()) {
            refreshTokens.revoke(refreshToken);
        }
    }

    private Grant grant(String username, List<String> roleList) {
        int seconds = (int) settings.accessTokenLifetime().toSeconds();
        String access = tokens.generateToken(Authentication.build(username, roleList), seconds)
                .orElseThrow(() -> new IllegalStateException("no token could be signed"));
        String refresh = refreshTokens.issue(username, settings.refreshTokenLifetime());
        return new Grant(username, roleList, access, seconds, refresh);
    }

    /** @return the address a request comes from, as logged and as attempts are limited by; "unknown" when it has none */
    static String clientAddress(HttpRequest<?> request) {
        return request.getRemoteAddress().getAddress() == null ? "unknown"
                : request.getRemoteAddress().getAddress().getHostAddress();
    }
}
