package dev.plinth.bootstrapper;

import dev.plinth.bootstrapper.infra.Infrastructure;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web UI in a real browser (Debian's headless Chromium, driven by Playwright) against a real
 * platform: register, upload the example, deploy, see it healthy, open its link, watch a sensor's
 * live chart, and, as an admin, drain a node and see its instances move. Saves a screenshot of
 * each page in {@code platform-ui/target/e2e-screenshots}. Needs Chromium and Node: it runs in the
 * integration profile, where a missing browser fails it.
 */
@Tag("integration")
class UiJourneyTest {

    @TempDir
    Path data;

    @Test
    void theJourneyWorksInARealBrowser() throws Exception {
        Path ui = Path.of("..", "platform-ui").toAbsolutePath().normalize();
        Path shots = ui.resolve("target").resolve("e2e-screenshots");
        Path log = Path.of("target", "ui-journey.log").toAbsolutePath();
        assertTrue(Files.isExecutable(Path.of("/usr/bin/chromium")), "install Debian's chromium (apt-get install chromium)");
        assertTrue(Files.isDirectory(ui.resolve("node_modules").resolve("playwright-core")),
                "platform-ui's npm install brings playwright-core; build platform-ui first");
        try (Platform platform = Platform.start(TestPlatforms.settings(data))) {
            ProcessBuilder journey = new ProcessBuilder(List.of("node", "e2e/journey.mjs"))
                    .directory(ui.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            journey.environment().put("PLINTH_URL", platform.gatewayUrl().toString());
            journey.environment().put("PLINTH_ADMIN_USER", Infrastructure.ADMIN_USER);
            journey.environment().put("PLINTH_ADMIN_PASSWORD", platform.secrets().adminPassword());
            journey.environment().put("PLINTH_E2E_SCREENSHOTS", shots.toString());
            journey.environment().put("PLINTH_E2E_PACKAGE", ExamplePackages.EXAMPLE.toAbsolutePath().normalize().toString());
            Process process = journey.start();
            boolean done = process.waitFor(10, TimeUnit.MINUTES);
            if (!done) {
                process.destroyForcibly();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            System.out.println(output);
            assertTrue(done, "the journey finished within 10 minutes:\n" + output);
            assertEquals(0, process.exitValue(), "every step of the journey passed:\n" + output);
            try (var files = Files.list(shots)) {
                assertTrue(files.filter(f -> f.toString().endsWith(".png")).count() >= 8, "a screenshot of each page in " + shots);
            }
        }
    }
}
