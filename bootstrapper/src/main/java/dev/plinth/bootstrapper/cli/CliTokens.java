package dev.plinth.bootstrapper.cli;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.plinth.bootstrapper.secrets.PlatformSecrets;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Properties;

/**
 * The token {@code plinth status} reads health details with: {@code PLINTH_TOKEN} when set, else a
 * one-minute service token signed with the secret of the local data directory (whoever can read
 * that file runs the platform anyway).
 */
final class CliTokens {

    private CliTokens() {
    }

    static String forStatus(Path dataDir) {
        String given = System.getenv("PLINTH_TOKEN");
        if (given != null && !given.isBlank()) {
            return given.trim();
        }
        String secret = System.getenv("PLINTH_JWT_SECRET");
        if (secret == null || secret.isBlank()) {
            secret = secretOf(dataDir);
        }
        return secret == null ? null : sign(secret, "service:plinth-status", List.of("SERVICE"), 60);
    }

    private static String secretOf(Path dataDir) {
        Path file = dataDir.resolve(PlatformSecrets.FILE_NAME);
        if (!Files.isReadable(file)) {
            return null;
        }
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
            return props.getProperty("jwt.secret");
        } catch (IOException e) {
            return null;
        }
    }

    static String sign(String secret, String subject, List<String> roles, int seconds) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .claim("roles", roles)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now.minusSeconds(5)))
                .expirationTime(Date.from(now.plusSeconds(seconds)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }
}
