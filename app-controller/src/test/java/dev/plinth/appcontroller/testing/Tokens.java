package dev.plinth.appcontroller.testing;

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

/** Signs tokens the way the gateway does: HS256, the user as subject, a {@code roles} claim. */
public final class Tokens {

    /** The signing secret the test contexts are configured with. */
    public static final String SECRET = "app-controller-tests-sign-with-this-32-bytes-or-more";

    private Tokens() {
    }

    /** @return a bearer token for the user with the roles */
    public static String sign(String subject, String... roles) {
        return signWith(SECRET, subject, roles);
    }

    /** @return a bearer token signed with another secret */
    public static String signWith(String secret, String subject, String... roles) {
        try {
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .subject(subject)
                    .claim("roles", List.of(roles))
                    .issueTime(new Date())
                    .expirationTime(Date.from(Instant.now().plusSeconds(600)))
                    .build();
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
