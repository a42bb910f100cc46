package dev.plinth.agent.runtime.network;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs the host's network tools (ip, nft, nsenter) with a fixed environment and a time limit. */
final class HostCommands {

    private static final List<String> DIRECTORIES = List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin");

    private HostCommands() {
    }

    /** @return the tool's absolute path, if installed */
    static Optional<String> find(String tool) {
        return DIRECTORIES.stream().map(d -> Path.of(d, tool)).filter(Files::isExecutable).map(Path::toString).findFirst();
    }

    /**
     * Runs a command and waits for it.
     *
     * @param command the command words
     * @param input   written to its standard input, or null
     * @return its output (standard output and error together)
     * @throws IOException when it cannot start, takes longer than 20 s or exits non-zero; the message
     *                     holds the command and what it said
     */
    static String run(List<String> command, String input) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().put("PATH", String.join(":", DIRECTORIES));
        builder.environment().put("LANG", "C");
        Process process = builder.start();
        try (OutputStream stdin = process.getOutputStream()) {
            if (input != null) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // It exited before reading its input: its output says why.
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("'" + String.join(" ", command) + "' did not finish within 20 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while running '" + String.join(" ", command) + "'", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException("'" + String.join(" ", command) + "' failed (exit " + process.exitValue() + "): " + output);
        }
        return output;
    }

    /** Runs a command whose failure only means there was nothing to do (deleting what is gone). */
    static void runQuietly(List<String> command) {
        try {
            run(command, null);
        } catch (IOException e) {
            // Gone already, or never made.
        }
    }

    static List<String> words(String... words) {
        return new ArrayList<>(List.of(words));
    }
}
