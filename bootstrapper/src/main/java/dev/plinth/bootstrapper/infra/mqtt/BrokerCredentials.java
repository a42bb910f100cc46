package dev.plinth.bootstrapper.infra.mqtt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks the username and password of an MQTT CONNECT (docs/sensors.md, "Broker permissions"):
 * <ul>
 *   <li>{@code app:{app}:{instance}} with a token signed by the platform (HS256, the platform secret)
 *       carrying the role {@code APP}, the claim {@code app} = {@code {app}} and the claim
 *       {@code deployment} naming an active deployment of that app; the client id must begin with
 *       {@code app:{app}:}, so no one else can take over the app's persistent sessions;</li>
 *   <li>{@code service:{name}} with a platform-signed token carrying the role {@code SERVICE} whose
 *       subject is {@code service:{name}};</li>
 *   <li>anything else is a device id, with the device's token (its sha256 must be the registered
 *       hash); the client id must be the device id, and no device id may begin with
 *       {@value #RESERVED_PREFIX} (any case): those client ids are the platform's own, as
 *       sensor-manager's {@code plinth-sensor-manager}.</li>
 * </ul>
 * An accepted verdict carries what the session's right rests on (the device's token hash, the app
 * credential's deployment), so open sessions can be checked again and closed when it goes.
 */
public final class BrokerCredentials {

    private static final Pattern APP_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?");
    private static final Pattern INSTANCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern SERVICE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** Client ids of the platform's own MQTT clients begin with this; devices may not use it. */
    public static final String RESERVED_PREFIX = "plinth-";

    private final MACVerifier verifier;
    private final DeviceTokenLookup devices;
    private final Clock clock;

    /**
     * The verdict on a CONNECT.
     *
     * @param identity   who it is, when accepted
     * @param refusal    why it is refused, else null
     * @param credential what the right to stay connected rests on: a device's token hash, an app
     *                   credential's deployment id; null for services (their tokens are checked at
     *                   each connect only)
     */
    public record Verdict(BrokerIdentity identity, String refusal, String credential) {

        static Verdict accept(BrokerIdentity identity, String credential) {
            return new Verdict(identity, null, credential);
        }

        static Verdict refuse(String why) {
            return new Verdict(null, why, null);
        }

        /** @return whether the connection is accepted */
        public boolean accepted() {
            return identity != null;
        }
    }

    /**
     * @param jwtSecret the platform's signing secret
     * @param devices   where device tokens are read
     */
    public BrokerCredentials(String jwtSecret, DeviceTokenLookup devices) {
        this(jwtSecret, devices, Clock.systemUTC());
    }

    BrokerCredentials(String jwtSecret, DeviceTokenLookup devices, Clock clock) {
        try {
            this.verifier = new MACVerifier(jwtSecret.getBytes(StandardCharsets.UTF_8));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the platform secret cannot check tokens: " + e.getMessage(), e);
        }
        this.devices = devices;
        this.clock = clock;
    }

    /**
     * @param clientId the MQTT client id
     * @param username the username, may be null
     * @param password the password, may be null
     * @return the identity, or why the connection is refused
     */
    public Verdict check(String clientId, String username, String password) {
        if (username == null || username.isEmpty() || password == null || password.isEmpty()) {
            return Verdict.refuse("a username and a password are required");
        }
        if (username.startsWith("app:")) {
            return checkApp(clientId, username, password);
        }
        if (username.startsWith("service:")) {
            return checkService(username, password);
        }
        return checkDevice(clientId, username, password);
    }

    private Verdict checkApp(String clientId, String username, String password) {
        String[] parts = username.split(":", -1);
        if (parts.length != 3 || !APP_NAME.matcher(parts[1]).matches() || !INSTANCE.matcher(parts[2]).matches()) {
            return Verdict.refuse("an app's username is app:{app}:{instance}");
        }
        String app = parts[1];
        if (!clientId.startsWith("app:" + app + ":")) {
            return Verdict.refuse("an instance of " + app + " uses a client id beginning with app:" + app + ":");
        }
        Optional<JWTClaimsSet> claims = verified(password);
        if (claims.isEmpty() || !hasRole(claims.get(), "APP") || !app.equals(claim(claims.get(), "app"))) {
            return Verdict.refuse("the password is not a valid credential of app " + app);
        }
        String deployment = claim(claims.get(), "deployment");
        if (deployment == null || !devices.activeDeploymentApp(deployment).map(app::equals).orElse(false)) {
            return Verdict.refuse("the credential's deployment of " + app + " is not active; a running instance gets a new one");
        }
        return Verdict.accept(new BrokerIdentity(BrokerIdentity.Kind.APP, app), deployment);
    }

    private Verdict checkService(String username, String password) {
        String name = username.substring("service:".length());
        if (!SERVICE_NAME.matcher(name).matches()) {
            return Verdict.refuse("a service's username is service:{name}");
        }
        Optional<JWTClaimsSet> claims = verified(password);
        if (claims.isEmpty() || !hasRole(claims.get(), "SERVICE") || !username.equals(claims.get().getSubject())) {
            return Verdict.refuse("the password is not a valid service token of " + name);
        }
        return Verdict.accept(new BrokerIdentity(BrokerIdentity.Kind.SERVICE, name), null);
    }

    private Verdict checkDevice(String clientId, String deviceId, String token) {
        if (!DEVICE_ID.matcher(deviceId).matches()) {
            return Verdict.refuse("the username must be a registered device id");
        }
        if (reserved(deviceId)) {
            return Verdict.refuse("client ids beginning with " + RESERVED_PREFIX + " are the platform's own; no device may use one");
        }
        if (!deviceId.equals(clientId)) {
            return Verdict.refuse("a device connects with its id as the client id");
        }
        Optional<String> hash = devices.tokenHash(deviceId);
        if (hash.isEmpty() || !MessageDigest.isEqual(sha256(token), hex(hash.get()))) {
            return Verdict.refuse("unknown device or wrong token");
        }
        return Verdict.accept(new BrokerIdentity(BrokerIdentity.Kind.DEVICE, deviceId), hash.get());
    }

    /** @return whether a client id or device id is in the platform's reserved space */
    public static boolean reserved(String id) {
        return id.regionMatches(true, 0, RESERVED_PREFIX, 0, RESERVED_PREFIX.length());
    }

    /** @return the claims of a token signed with the platform secret that has not expired */
    private Optional<JWTClaimsSet> verified(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date expires = claims.getExpirationTime();
            Date now = Date.from(clock.instant());
            if (expires == null || !expires.after(now) || (claims.getNotBeforeTime() != null && claims.getNotBeforeTime().after(now))) {
                return Optional.empty();
            }
            return Optional.of(claims);
        } catch (ParseException | JOSEException e) {
            return Optional.empty();
        }
    }

    private static boolean hasRole(JWTClaimsSet claims, String role) {
        Object roles = claims.getClaim("roles");
        return roles instanceof List<?> list && list.contains(role);
    }

    private static String claim(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        return value == null ? null : value.toString();
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static byte[] hex(String value) {
        try {
            return HexFormat.of().parseHex(value);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }
}
