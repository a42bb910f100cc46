package dev.plinth.kit.security;

import dev.plinth.kit.subsystem.SubsystemSettings;
import io.micronaut.context.annotation.Requires;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.generator.TokenGenerator;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Short-lived tokens a platform part uses to call another part's API as itself (the gateway
 * reading subsystems' health details, an agent fetching an artifact). They carry the
 * {@value Roles#SERVICE} role and are signed with the platform secret like user tokens.
 * Node agents also mint here the credential of each app instance they start ({@link #issueForApp}).
 */
@Singleton
@Requires(beans = TokenGenerator.class)
public class ServiceTokens {

    private static final int LIFETIME_SECONDS = 300;

    private final TokenGenerator generator;
    private final String caller;

    public ServiceTokens(TokenGenerator generator, SubsystemSettings settings) {
        this.generator = generator;
        this.caller = settings.name() == null ? "platform" : settings.name();
    }

    /** @return a bearer token valid for a few minutes */
    public String issue() {
        Authentication authentication = Authentication.build("service:" + caller, List.of(Roles.SERVICE),
                Map.of("service", caller));
        return sign(authentication, LIFETIME_SECONDS);
    }

    /** @return the subject of this part's service tokens, as {@code service:sensor-manager} */
    public String subject() {
        return "service:" + caller;
    }

    /**
     * The credential of an app's instances: subject {@code app:{app}}, role {@value Roles#APP} and
     * the claims {@value Roles#APP_CLAIM} and {@value Roles#DEPLOYMENT_CLAIM} (whose record names the
     * owner). It is both the instance's MQTT password and its bearer token for
     * the sensor APIs, lets the instance act for its own app only, and is refused once its
     * deployment stops ({@link LiveAppTokens}, and the embedded broker likewise).
     *
     * @param app        the app's name
     * @param deployment the deployment the instance belongs to
     * @param lifetime   how long it is valid at most
     * @return the signed token
     */
    public String issueForApp(String app, String deployment, Duration lifetime) {
        Authentication authentication = Authentication.build("app:" + app, List.of(Roles.APP),
                Map.of(Roles.APP_CLAIM, app, Roles.DEPLOYMENT_CLAIM, deployment));
        return sign(authentication, (int) Math.min(Integer.MAX_VALUE, lifetime.toSeconds()));
    }

    private String sign(Authentication authentication, int lifetimeSeconds) {
        return generator.generateToken(authentication, lifetimeSeconds)
                .orElseThrow(() -> new IllegalStateException("no token could be signed: is plinth.security.jwt-secret set?"));
    }
}
