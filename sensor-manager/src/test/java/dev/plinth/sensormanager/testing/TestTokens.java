package dev.plinth.sensormanager.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** Bearer tokens for tests, signed with the test secret as the gateway and the agents sign real ones. */
public final class TestTokens {

    private TestTokens() {
    }

    /** @return a user's token */
    public static String user(String username, String... roles) {
        return sign(new JWTClaimsSet.Builder().subject(username).claim("roles", List.of(roles)));
    }

    /** @return an app instance's token, as a node agent mints it for an instance of that deployment */
    public static String app(String app, String deployment) {
        return sign(new JWTClaimsSet.Builder().subject("app:" + app).claim("roles", List.of("APP")).claim("app", app)
                .claim("deployment", deployment));
    }

    /** @return an app token as agents minted them before tokens named their deployment */
    public static String appWithoutDeployment(String app) {
        return sign(new JWTClaimsSet.Builder().subject("app:" + app).claim("roles", List.of("APP")).claim("app", app));
    }

    private static String sign(JWTClaimsSet.Builder builder) {
        Instant now = Instant.now();
        JWTClaimsSet claims = builder.issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(3600))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(TestServers.JWT_SECRET.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
