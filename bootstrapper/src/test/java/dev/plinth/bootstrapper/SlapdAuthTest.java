package dev.plinth.bootstrapper;

import dev.plinth.bootstrapper.infra.LdapLayout;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sign-in and registration journeys against Debian's slapd instead of the embedded directory:
 * same code, configured by LDAP_URL alone.
 */
@Tag("integration")
class SlapdAuthTest {

    @TempDir
    Path dir;

    @Test
    void signInRegistrationAndDisablingAgainstSlapd() throws Exception {
        try (ExternalServers servers = new ExternalServers(dir.resolve("servers"))) {
            String managerPassword = ExternalServers.password();
            String adminPassword = ExternalServers.password();
            String ldapUrl = servers.slapd(managerPassword);
            ExternalServers.seedDirectory(ldapUrl, managerPassword, LdapLayout.DEFAULT, "admin", adminPassword);
            Map<String, String> env = TestPlatforms.environment(dir.resolve("data"));
            env.put("LDAP_URL", ldapUrl);
            env.put("LDAP_BIND_DN", ExternalServers.MANAGER_DN);
            env.put("LDAP_BIND_PASSWORD", managerPassword);
            System.setProperty("plinth.auth.attempts-per-minute", "100");
            try (Platform platform = Platform.start(PlatformSettings.fromEnvironment(env))) {
                Http http = new Http(platform.gatewayUrl());
                AuthScenarios.goodLogin(http, "admin", adminPassword);
                AuthScenarios.badLogins(http, "admin");
                String developer = AuthScenarios.registration(http);
                String adminToken = http.login("admin", adminPassword);
                AuthScenarios.disabledUser(http, adminToken, developer, "correct-horse-battery");
                AuthScenarios.adminRoutes(http, adminToken, http.login(developer, "correct-horse-battery"), developer);
                AuthScenarios.refreshAndLogout(http, developer, "correct-horse-battery");

                // With the directory gone, a sign-in is not "wrong password" but a service that is down.
                servers.close();
                Http.Answer down = http.post("/api/auth/login", Map.of("username", "admin", "password", adminPassword), null);
                assertEquals(503, down.status(), down.toString());
                assertTrue(down.text().contains("the user directory cannot be reached"), down.toString());
            } finally {
                System.clearProperty("plinth.auth.attempts-per-minute");
            }
        }
    }
}
