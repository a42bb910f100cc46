package dev.plinth.bootstrapper.simulator;

import dev.plinth.bootstrapper.cli.PlinthCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code plinth simulate} refuses bad input with exit code 2, and says what is missing before it starts. */
class SimulateCommandTest {

    @TempDir
    Path dir;

    private record Run(int code, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return new Run(PlinthCli.run(args), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "--type|temperature|--type temperature cannot be simulated; try vehicle-speed",
            "--count|0|--count must be between 1 and 10000",
            "--interval|5ms|--interval must be at least 10ms",
            "--interval|soon|'soon' is not a duration such as 500ms, 1s or 2m",
            "--queue-limit|0|--queue-limit must be at least 1",
            "--mqtt|http://127.0.0.1:1883|--mqtt must be tcp://host:port",
            "--user|ada|--user and --password go together",
    })
    void badInputIsRefusedWithExitCode2(String option, String value, String message) {
        Run run = run("simulate", option, value, "--queue-dir", dir.resolve("q").toString(), "--data", dir.toString());
        assertEquals(PlinthCli.EXIT_BAD_INPUT, run.code(), run.err());
        assertTrue(run.err().contains(message), run.err());
    }

    @Test
    void withoutTokensOrCredentialsItSaysHowToRegister() {
        if (System.getenv("PLINTH_TOKEN") != null) {
            return; // this shell carries a token: the command would use it
        }
        Run run = run("simulate", "--count", "2", "--queue-dir", dir.resolve("q").toString(), "--data", dir.resolve("none").toString(),
                "--url", "http://127.0.0.1:1");
        assertEquals(PlinthCli.EXIT_FAILURE, run.code(), run.err());
        assertTrue(run.err().contains("the devices are not registered yet"), run.err());
        assertTrue(run.err().contains("--token, or --user and --password"), run.err());
    }

    @Test
    void aDeveloperWhoseTypeIsMissingIsToldToAskAnAdmin() throws Exception {
        try (FakePlatform platform = new FakePlatform()) {
            Run run = run("simulate", "--count", "2", "--url", platform.url().toString(), "--user", "ada", "--password", "correct-horse",
                    "--queue-dir", dir.resolve("q").toString(), "--data", dir.toString());
            assertEquals(PlinthCli.EXIT_FAILURE, run.code(), run.err());
            assertTrue(run.err().contains("the sensor type vehicle-speed is not registered, and only an admin can register it"), run.err());
            assertTrue(platform.devices.isEmpty());
        }
    }

    @Test
    void theAdminOfAPlatformOnThisMachineIsUsedWhenNothingElseIsGiven() throws Exception {
        if (System.getenv("PLINTH_TOKEN") != null) {
            return;
        }
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("secrets.properties"), "admin.password=admin-password\n");
        try (FakePlatform platform = new FakePlatform()) {
            // car-1 exists elsewhere, so registration fails and the command stops before it would run on.
            platform.types.add("vehicle-speed");
            platform.devices.put("car-1", "elsewhere");
            Run run = run("simulate", "--count", "1", "--url", platform.url().toString(),
                    "--queue-dir", dir.resolve("q").toString(), "--data", data.toString());
            assertEquals(PlinthCli.EXIT_FAILURE, run.code(), run.err());
            assertEquals("POST /api/auth/login", platform.calls().get(0));
            assertEquals("admin", platform.requests.get(0).body().path("username").asText());
            assertTrue(run.err().contains("car-1 is registered already"), run.err());
        }
    }
}
