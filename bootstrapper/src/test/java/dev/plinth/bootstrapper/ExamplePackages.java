package dev.plinth.bootstrapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** The example app's package as the build makes it, and variants of it for upgrade tests. */
final class ExamplePackages {

    static final Path EXAMPLE = Path.of("..", "examples", "hello-http", "target", "hello-http-1.0.0.zip");
    static final Path SPEED_ALERT = Path.of("..", "examples", "speed-alert", "target", "speed-alert-1.0.0.zip");
    static final Path CONTAINER = Path.of("..", "examples", "hello-container", "target", "hello-container-1.0.0.zip");

    private ExamplePackages() {
    }

    /** @return the example package, version 1.0.0 */
    static byte[] v1() throws IOException {
        if (!Files.exists(EXAMPLE)) {
            throw new IllegalStateException(EXAMPLE.toAbsolutePath() + " is missing: the build of examples/hello-http makes it");
        }
        return Files.readAllBytes(EXAMPLE);
    }

    /** @return the speed-alert example's package, version 1.0.0, as the build makes it */
    static byte[] speedAlert() throws IOException {
        if (!Files.exists(SPEED_ALERT)) {
            throw new IllegalStateException(SPEED_ALERT.toAbsolutePath() + " is missing: the build of examples/speed-alert makes it");
        }
        return Files.readAllBytes(SPEED_ALERT);
    }

    /** @return the container example's package (a Dockerfile package), version 1.0.0, as the build makes it */
    static byte[] container() throws IOException {
        if (!Files.exists(CONTAINER)) {
            throw new IllegalStateException(CONTAINER.toAbsolutePath() + " is missing: the build of examples/hello-container makes it");
        }
        return Files.readAllBytes(CONTAINER);
    }

    /** How long an instance of a broken-health variant has for its first answer, which never comes (the default is 60 s). */
    static final int BROKEN_STARTUP_SECONDS = 10;

    /**
     * The example package with its descriptor changed: another version and, optionally, a health
     * path the app does not answer (so its instances never become healthy, found out after
     * {@link #BROKEN_STARTUP_SECONDS}).
     */
    static byte[] variant(String version, boolean brokenHealth) throws IOException {
        return variant("hello-http", version, brokenHealth);
    }

    /** The example package under another app name and version. */
    static byte[] variant(String name, String version, boolean brokenHealth) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean found = false;
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(v1()));
             ZipOutputStream zip = new ZipOutputStream(out)) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                byte[] content = readAll(in);
                if (entry.getName().equals("plinth.yaml")) {
                    found = true;
                    String yaml = new String(content, StandardCharsets.UTF_8);
                    String changed = yaml.replaceFirst("(?m)^version:.*$", "version: " + version)
                            .replaceFirst("(?m)^name:.*$", "name: " + name);
                    if (brokenHealth) {
                        // It never answers, so the wait for its first answer is cut short: the outcome is the same, sooner.
                        changed = changed.replace("/health", "/not-a-health-path")
                                .replaceFirst("(?m)^(\\s+)path: /not-a-health-path$", "$0\n$1startupSeconds: " + BROKEN_STARTUP_SECONDS);
                    }
                    if (changed.equals(yaml) || (brokenHealth && !changed.contains("startupSeconds: " + BROKEN_STARTUP_SECONDS))) {
                        throw new IllegalStateException("could not change the example's plinth.yaml:\n" + yaml);
                    }
                    content = changed.getBytes(StandardCharsets.UTF_8);
                }
                zip.putNextEntry(new ZipEntry(entry.getName()));
                zip.write(content);
                zip.closeEntry();
            }
        }
        if (!found) {
            throw new IllegalStateException("the example package has no plinth.yaml");
        }
        return out.toByteArray();
    }

    /** The example package under another name, whose command exits at once: every instance crashes. */
    static byte[] crashing(String name, String version) throws IOException {
        return rewritten(name, version, yaml -> {
            String changed = yaml.replaceFirst("(?m)^  command:.*$", "  command: [\"java\", \"-Xmx32m\", \"-cp\", \"hello-http.jar\", \"NoSuchMainClass\"]");
            if (changed.equals(yaml)) {
                throw new IllegalStateException("could not change the example's run.command:\n" + yaml);
            }
            return changed;
        });
    }

    private static byte[] rewritten(String name, String version, java.util.function.UnaryOperator<String> change) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(v1()));
             ZipOutputStream zip = new ZipOutputStream(out)) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                byte[] content = readAll(in);
                if (entry.getName().equals("plinth.yaml")) {
                    String yaml = new String(content, StandardCharsets.UTF_8).replaceFirst("(?m)^version:.*$", "version: " + version)
                            .replaceFirst("(?m)^name:.*$", "name: " + name);
                    content = change.apply(yaml).getBytes(StandardCharsets.UTF_8);
                }
                zip.putNextEntry(new ZipEntry(entry.getName()));
                zip.write(content);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        in.transferTo(buffer);
        return buffer.toByteArray();
    }

    /** @return the example package with another version and these lines appended to its plinth.yaml */
    static byte[] withDescriptorLines(String version, String lines) throws IOException {
        return withDescriptorLines("hello-http", version, lines);
    }

    /** @return the example package under another name and version, with these lines appended to its plinth.yaml */
    static byte[] withDescriptorLines(String name, String version, String lines) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(v1()));
             ZipOutputStream zip = new ZipOutputStream(out)) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                byte[] content = readAll(in);
                if (entry.getName().equals("plinth.yaml")) {
                    String yaml = new String(content, StandardCharsets.UTF_8).replaceFirst("(?m)^version:.*$", "version: " + version)
                            .replaceFirst("(?m)^name:.*$", "name: " + name);
                    content = (yaml + (yaml.endsWith("\n") ? "" : "\n") + lines).getBytes(StandardCharsets.UTF_8);
                }
                zip.putNextEntry(new ZipEntry(entry.getName()));
                zip.write(content);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
