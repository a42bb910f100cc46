package dev.plinth.bootstrapper;

import dev.plinth.bootstrapper.secrets.PlatformSecrets;
import dev.plinth.kit.net.FreePorts;

import dev.plinth.testkit.wait.Waits;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A whole platform ({@code plinth up}) in a child JVM built from this test's class path, so a test
 * can kill it like a crashing machine ({@code kill -9}) or bound its heap. Its output goes to
 * {@code up.log} in its data directory.
 */
final class PlatformProcess implements AutoCloseable {

    private final Map<String, String> environment;
    private final Path data;
    private final String maxHeap;
    private Process process;

    /**
     * @param environment the platform's variables ({@link TestPlatforms#environment}); reused on restart
     * @param maxHeap     the child's -Xmx, as {@code 768m}
     */
    PlatformProcess(Map<String, String> environment, String maxHeap) {
        this.environment = Map.copyOf(environment);
        this.data = Path.of(environment.get("PLINTH_DATA"));
        this.maxHeap = maxHeap;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + environment.get("PLINTH_PORT"));
    }

    Path data() {
        return data;
    }

    String adminPassword() throws IOException {
        return PlatformSecrets.loadOrCreate(data).adminPassword();
    }

    /** Starts the platform and waits until its gateway's health answers UP. */
    PlatformProcess start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running");
        }
        Files.createDirectories(data);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + maxHeap, "-XX:+ExitOnOutOfMemoryError",
                "-Djava.net.preferIPv4Stack=true", "-Dplinth.auth.attempts-per-minute=1000",
                // The child picks its subsystems' ports from this test fork's slice, like the fork itself.
                "-D" + FreePorts.FORKS + "=" + Integer.getInteger(FreePorts.FORKS, 1),
                "-D" + FreePorts.FORK + "=" + Integer.getInteger(FreePorts.FORK, 1),
                "-cp", System.getProperty("java.class.path"), "dev.plinth.bootstrapper.cli.PlinthCli", "up"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("up.log").toFile()));
        builder.environment().putAll(environment);
        process = builder.start();
        Http http = new Http(url());
        Waits.until("the platform in a child JVM to be up", Duration.ofMinutes(3), () -> {
            if (!process.isAlive()) {
                throw new AssertionError("plinth up exited with " + process.exitValue() + ":\n" + tail());
            }
            try {
                Http.Answer health = http.get("/health", null);
                return health.status() == 200 && health.text().contains("\"UP\"") ? Boolean.TRUE : null;
            } catch (RuntimeException notYet) {
                return null;
            }
        }, this::tail);
        return this;
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or saved. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the platform did not die from SIGKILL");
        }
    }

    /** The last lines of the platform's output, for failure messages. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(data.resolve("up.log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
