package dev.plinth.kit.security;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tokens minted by a platform part: service tokens and app instance credentials. */
class ServiceTokensTest {

    private static final String SECRET = "service-tokens-test-secret-0123456789-abcdefghijklm";

    private static ApplicationContext context() {
        return ApplicationContext.run(Map.of(
                "plinth.subsystem.name", "node-manager",
                "micronaut.security.token.jwt.signatures.secret.generator.secret", SECRET,
                "micronaut.security.token.jwt.signatures.secret.generator.jws-algorithm", "HS256"));
    }

    private static JWTClaimsSet verified(String token) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        assertTrue(jwt.verify(new MACVerifier(SECRET.getBytes(StandardCharsets.UTF_8))), "signed with the platform secret");
        return jwt.getJWTClaimsSet();
    }

    @Test
    void anAppCredentialSpeaksForItsAppOnly() throws Exception {
        try (ApplicationContext context = context()) {
            String token = context.getBean(ServiceTokens.class).issueForApp("speed-alert", "speed-alert-d1", Duration.ofDays(30));

            JWTClaimsSet claims = verified(token);
            assertEquals("app:speed-alert", claims.getSubject());
            assertEquals(List.of(Roles.APP), claims.getStringListClaim("roles"));
            assertEquals("speed-alert", claims.getStringClaim(Roles.APP_CLAIM));
            assertEquals("speed-alert-d1", claims.getStringClaim(Roles.DEPLOYMENT_CLAIM), "it dies with its deployment");
            Duration lifetime = Duration.between(Instant.now(), claims.getExpirationTime().toInstant());
            assertTrue(lifetime.compareTo(Duration.ofDays(29)) > 0 && lifetime.compareTo(Duration.ofDays(31)) < 0, lifetime.toString());
        }
    }

    @Test
    void aServiceTokenNamesTheService() throws Exception {
        try (ApplicationContext context = context()) {
            ServiceTokens tokens = context.getBean(ServiceTokens.class);

            JWTClaimsSet claims = verified(tokens.issue());
            assertEquals("service:node-manager", claims.getSubject());
            assertEquals(tokens.subject(), claims.getSubject());
            assertEquals(List.of(Roles.SERVICE), claims.getStringListClaim("roles"));
        }
    }
}
