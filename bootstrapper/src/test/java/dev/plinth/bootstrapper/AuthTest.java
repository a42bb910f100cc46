package dev.plinth.bootstrapper;

import dev.plinth.bootstrapper.infra.Infrastructure;
import dev.plinth.bootstrapper.supervisor.SubsystemHost;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sign-in, registration, roles and the token check of every route, against the embedded platform. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthTest {

    /** The only routes that answer without a token: sign-in, registration (and whether it is open), health and the contract. */
    static final Set<String> PUBLIC_ROUTES = Set.of(
            "POST /api/auth/login", "POST /api/auth/register", "POST /api/auth/refresh", "POST /api/auth/logout",
            "GET /health", "GET /health/{selector}", "HEAD /health", "HEAD /health/{selector}", "GET /api/contract", "GET /api/contract/{file}", "HEAD /api/contract", "HEAD /api/contract/{file}",
            "GET /api/auth/registration", "HEAD /api/auth/registration");

    Platform platform;
    Http http;
    String adminPassword;

    @BeforeAll
    void start(@TempDir Path data) throws Exception {
        // Enough attempts for these tests from 127.0.0.1; the limit test uses its own address.
        System.setProperty("plinth.auth.attempts-per-minute", "60");
        platform = Platform.start(TestPlatforms.settings(data));
        http = new Http(platform.gatewayUrl());
        adminPassword = platform.secrets().adminPassword();
    }

    @AfterAll
    void stop() {
        System.clearProperty("plinth.auth.attempts-per-minute");
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void signInAttemptsAreLimitedPerClient() throws Exception {
        // From another loopback address, so the other tests' budget on 127.0.0.1 is untouched.
        String body = "{\"username\":\"admin\",\"password\":\"wrong-password-x\"}";
        int status = 0;
        String retryAfter = null;
        int attempts = 0;
        long began = System.nanoTime();
        while (attempts < 200 && status != 429) {
            attempts++;
            RawHttp.Reply reply = RawHttp.post("127.0.0.2", platform.gatewayUrl(), "/api/auth/login", body);
            status = reply.status();
            retryAfter = reply.header("Retry-After");
        }
        assertEquals(429, status, "attempts are limited");
        // A bucket of 60 that refills one a second: on a busy machine the attempts take a while, and
        // each second of it earns one more.
        long seconds = (System.nanoTime() - began) / 1_000_000_000L + 1;
        assertTrue(attempts > 50 && attempts <= 61 + seconds,
                "the limit is about 60 a minute, was reached after " + attempts + " attempts in " + seconds + " s");
        assertTrue(retryAfter != null && Integer.parseInt(retryAfter) >= 1, "Retry-After says when: " + retryAfter);
        assertEquals(401, http.post("/api/auth/login", Map.of("username", "admin", "password", "wrong-password-x"), null).status(),
                "other clients are not limited");
    }

    @Test
    void signInWorksAndFailsAsItShould() {
        AuthScenarios.goodLogin(http, Infrastructure.ADMIN_USER, adminPassword);
        AuthScenarios.badLogins(http, Infrastructure.ADMIN_USER);
        AuthScenarios.refreshAndLogout(http, Infrastructure.ADMIN_USER, adminPassword);
    }

    @Test
    void registrationDisablingAndAdminRoles() {
        String developer = AuthScenarios.registration(http);
        String adminToken = http.login(Infrastructure.ADMIN_USER, adminPassword);
        AuthScenarios.disabledUser(http, adminToken, developer, "correct-horse-battery");
        AuthScenarios.adminRoutes(http, adminToken, http.login(developer, "correct-horse-battery"), developer);
        Http.Answer lastAdmin = http.send("DELETE", "/api/users/admin/admin", null, adminToken, Map.of());
        assertEquals(409, lastAdmin.status(), "the last admin stays: " + lastAdmin);
    }

    /**
     * Every route whose {@code @Secured} allows only admins (and platform services) refuses a
     * developer's token with 403, straight at its subsystem and through the gateway.
     */
    @Test
    void everyAdminRouteRefusesDevelopers() {
        String developer = http.login(AuthScenarios.registration(http), "correct-horse-battery");
        List<String> failures = new ArrayList<>();
        Set<String> adminRoutes = new TreeSet<>();
        for (SubsystemHost host : platform.supervisor().hosts()) {
            if (host.url() == null) {
                continue;
            }
            Router router = host.context().getBean(Router.class);
            for (UriRouteInfo<?, ?> route : router.uriRoutes().toList()) {
                Set<String> allowed = Set.of(route.getAnnotationMetadata().stringValues(io.micronaut.security.annotation.Secured.class));
                if (allowed.isEmpty() || allowed.contains(dev.plinth.kit.security.Roles.DEVELOPER)
                        || allowed.stream().anyMatch(a -> a.startsWith("is"))) {
                    continue;
                }
                String method = route.getHttpMethodName();
                String key = method + " " + route.getUriMatchTemplate();
                adminRoutes.add(host.name() + ": " + key + " " + allowed);
                String path = route.getUriMatchTemplate().toString().replaceAll("\\{[^}]*}", "x").replaceAll("\\(.*?\\)", "");
                for (java.net.URI base : List.of(host.url(), platform.gatewayUrl())) {
                    Http.Answer answer = new Http(base).send(method, path,
                            method.equals("GET") || method.equals("DELETE") || method.equals("HEAD") ? null : "{}", developer, Map.of());
                    if (answer.status() != 403) {
                        failures.add(key + " at " + base + " answered a developer " + answer.status());
                    }
                }
            }
        }
        assertTrue(adminRoutes.size() >= 8, "admin routes found: " + adminRoutes);
        assertTrue(failures.isEmpty(), String.join("\n", failures) + "\nadmin routes: " + adminRoutes);
    }

    /**
     * Walks every route every subsystem exposes and calls it without a token, straight at the
     * subsystem and through the gateway: only the public list may answer anything but 401.
     */
    @Test
    void everyRouteButThePublicOnesNeedsAToken() {
        List<String> failures = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (SubsystemHost host : platform.supervisor().hosts()) {
            if (host.url() == null) {
                continue;
            }
            Router router = host.context().getBean(Router.class);
            for (UriRouteInfo<?, ?> route : router.uriRoutes().toList()) {
                String method = route.getHttpMethodName();
                String template = route.getUriMatchTemplate().toString();
                String key = method + " " + template;
                seen.add(host.name() + ": " + key);
                String path = template.replaceAll("\\{[^}]*}", "x").replaceAll("\\(.*?\\)", "");
                boolean isPublic = PUBLIC_ROUTES.contains(key);
                for (URI base : List.of(host.url(), platform.gatewayUrl())) {
                    Http.Answer answer = new Http(base).send(method, path, method.equals("GET") || method.equals("DELETE") ? null : "{}", null, Map.of());
                    if (!isPublic && answer.status() != 401) {
                        failures.add(key + " at " + base + " answered " + answer.status() + " without a token");
                    }
                    if (isPublic && answer.status() == 401) {
                        failures.add(key + " at " + base + " is public but answered 401");
                    }
                }
            }
        }
        assertTrue(seen.size() > 10, "routes found: " + seen);
        assertTrue(failures.isEmpty(), String.join("\n", failures) + "\nroutes: " + seen);
    }
}
