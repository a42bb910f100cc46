package dev.plinth.appcontroller.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The example app's package, as the build put it into the contract resources, and copies of it with
 * another version or descriptor (what a developer uploading v2 would send).
 */
public final class ExamplePackages {

    private static final String RESOURCE = "/dev/plinth/appcontroller/contract/hello-http-1.0.0.zip";
    private static final String CONTAINER_RESOURCE = "/dev/plinth/appcontroller/contract/hello-container-1.0.0.zip";

    private ExamplePackages() {
    }

    /** @return hello-http-1.0.0.zip as built */
    public static byte[] helloHttp() {
        return resource(RESOURCE, "examples/hello-http");
    }

    /** @return hello-container-1.0.0.zip as built: the container example, a Dockerfile package */
    public static byte[] helloContainer() {
        return resource(CONTAINER_RESOURCE, "examples/hello-container");
    }

    private static byte[] resource(String path, String module) {
        try (InputStream in = ExamplePackages.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing: build with Maven, which copies it from " + module);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the example package with another version in its plinth.yaml */
    public static byte[] helloHttp(String version) {
        return withDescriptor(yaml -> yaml.replace("version: 1.0.0", "version: " + version));
    }

    /** @return the example package under another name and version */
    public static byte[] helloHttp(String name, String version) {
        return withDescriptor(yaml -> yaml.replace("name: hello-http", "name: " + name)
                .replace("version: 1.0.0", "version: " + version));
    }

    /** @return the example package with its plinth.yaml changed by the function */
    public static byte[] withDescriptor(UnaryOperator<String> change) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(helloHttp()));
             ZipOutputStream out = new ZipOutputStream(buffer)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                byte[] data = in.readAllBytes();
                if (entry.getName().equals("plinth.yaml")) {
                    String changed = change.apply(new String(data, StandardCharsets.UTF_8));
                    data = changed.getBytes(StandardCharsets.UTF_8);
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(data);
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    /** @return the descriptor inside a package */
    public static String descriptorOf(byte[] zip) {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (entry.getName().equals("plinth.yaml")) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalArgumentException("no plinth.yaml in the package");
    }
}
