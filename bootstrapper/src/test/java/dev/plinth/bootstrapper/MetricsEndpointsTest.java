package dev.plinth.bootstrapper;

import dev.plinth.bootstrapper.infra.Infrastructure;
import dev.plinth.bootstrapper.supervisor.SubsystemHost;
import dev.plinth.kit.security.ServiceTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /prometheus} of every subsystem in one JVM, as {@code plinth up} runs them: each context
 * serves its own registry, to admins and services only, every meter tagged with the subsystem, and
 * the JVM's own meters appear in exactly one of them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsEndpointsTest {

    private Platform platform;
    private Http http;

    @BeforeAll
    void start(@TempDir Path data) throws Exception {
        platform = Platform.start(TestPlatforms.settings(data));
        http = new Http(platform.gatewayUrl());
    }

    @AfterAll
    void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void everySubsystemServesItsOwnMetersToAdminsAndServicesOnly() {
        String admin = http.login(Infrastructure.ADMIN_USER, platform.secrets().adminPassword());
        String developer = http.login(AuthScenarios.registration(http), "correct-horse-battery");
        List<String> jvmHolders = new ArrayList<>();
        Map<String, String> ownMeter = Map.of(
                "node-manager", "plinth_nodes{", "deployer", "plinth_deployments{", "monitor", "plinth_alerts_open{");
        int subsystems = 0;
        for (SubsystemHost host : platform.supervisor().hosts()) {
            if (host.url() == null) {
                continue;
            }
            subsystems++;
            Http direct = new Http(host.url());
            assertEquals(401, direct.get("/prometheus", null).status(), host.name());
            assertEquals(403, direct.get("/prometheus", developer).status(), host.name() + " refuses developers");
            String service = host.context().getBean(ServiceTokens.class).issue();
            assertEquals(200, direct.get("/prometheus", service).status(), host.name() + " serves platform parts");
            Http.Answer scrape = direct.get("/prometheus", admin);
            assertEquals(200, scrape.status(), host.name());
            String text = scrape.text();
            for (String line : text.split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    assertTrue(line.contains("subsystem=\"" + host.name() + "\""), host.name() + " tags its meters: " + line);
                }
            }
            if (text.contains("\njvm_memory_used_bytes{")) {
                jvmHolders.add(host.name());
            }
            String own = ownMeter.get(host.name());
            assertTrue(own == null || text.contains("\n" + own), host.name() + " shows " + own);
        }
        assertEquals(7, subsystems);
        assertEquals(1, jvmHolders.size(), "the JVM's meters are in exactly one context: " + jvmHolders);

        Http.Answer summary = http.get("/api/metrics/summary", admin);
        assertEquals(200, summary.status(), summary.toString());
        assertTrue(summary.json().path("nodes").has("READY"), summary.toString());
        assertEquals(403, http.get("/api/metrics/summary", developer).status());
        assertEquals(403, http.get("/prometheus", developer).status(), "the gateway's own metrics too");
    }
}
