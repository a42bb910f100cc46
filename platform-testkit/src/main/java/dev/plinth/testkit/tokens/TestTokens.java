package dev.plinth.testkit.tokens;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Bearer tokens for tests, shaped and signed (HS256) as the gateway signs users' tokens and the node
 * agents sign apps' tokens, with the secret the context under test was given.
 */
public final class TestTokens {

    /** A signing secret for test contexts that need no particular one (HS256 needs 256 bits). */
    public static final String SECRET = "plinth-tests-secret-0123456789-abcdefghijklmnopq";

    private final String secret;
    private final Duration lifetime;

    private TestTokens(String secret, Duration lifetime) {
        this.secret = secret;
        this.lifetime = lifetime;
    }

    /** @return tokens signed with {@link #SECRET} */
    public static TestTokens signed() {
        return signedWith(SECRET);
    }

    /** @return tokens signed with this secret */
    public static TestTokens signedWith(String secret) {
        return new TestTokens(secret, Duration.ofHours(1));
    }

    /** @return these tokens valid for another time (an hour unless said) */
    public TestTokens lasting(Duration lifetime) {
        return new TestTokens(secret, lifetime);
    }

    /** @return a user's token with these roles */
    public String user(String username, String... roles) {
        return sign(new JWTClaimsSet.Builder().subject(username).claim("roles", List.of(roles)));
    }

    /** @return an app instance's token, as a node agent mints it for an instance of that deployment */
    public String app(String app, String deployment) {
        return sign(appClaims(app).claim("deployment", deployment));
    }

    /** @return a platform service's token, as subsystems sign theirs ({@code service:NAME}, role SERVICE) */
    public String service(String name) {
        return sign(new JWTClaimsSet.Builder().subject("service:" + name).claim("roles", List.of("SERVICE")));
    }

    /** @return an app token as agents minted them before tokens named their deployment */
    public String appWithoutDeployment(String app) {
        return sign(appClaims(app));
    }

    /**
     * Signs any claims; an issue time and an expiry are added unless they set them.
     *
     * @return the serialized token
     */
    public String sign(JWTClaimsSet.Builder claims) {
        Instant now = Instant.now();
        JWTClaimsSet built = claims.build();
        if (built.getIssueTime() == null) {
            claims.issueTime(Date.from(now));
        }
        if (built.getExpirationTime() == null) {
            claims.expirationTime(Date.from(now.plus(lifetime)));
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        try {
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a test token: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }

    private static JWTClaimsSet.Builder appClaims(String app) {
        return new JWTClaimsSet.Builder().subject("app:" + app).claim("roles", List.of("APP")).claim("app", app);
    }
}
