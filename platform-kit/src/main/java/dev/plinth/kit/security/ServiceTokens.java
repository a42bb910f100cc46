package dev.plinth.kit.security;

import dev.plinth.kit.subsystem.SubsystemSettings;
import io.micronaut.context.annotation.Requires;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.generator.TokenGenerator;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;

/**
 * Short-lived tokens a platform part uses to call another part's API as itself (the gateway
 * reading subsystems' health details, an agent fetching an artifact). They carry the
 * {@value Roles#SERVICE} role and are signed with the platform secret like user tokens.
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
        return generator.generateToken(authentication, LIFETIME_SECONDS)
                .orElseThrow(() -> new IllegalStateException("no token could be signed: is plinth.security.jwt-secret set?"));
    }
}
