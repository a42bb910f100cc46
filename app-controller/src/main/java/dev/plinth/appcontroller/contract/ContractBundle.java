package dev.plinth.appcontroller.contract;

import dev.plinth.contracts.descriptor.AppDescriptor;
import jakarta.inject.Singleton;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The files of the developer contract, read from the class path once: the descriptor's JSON Schema
 * (from {@code contracts}), {@code GUIDE.md}, and the example apps' packages and sources (built by
 * the {@code examples/hello-http} and {@code examples/hello-container} modules and copied here by the build).
 */
@Singleton
public class ContractBundle {

    /** The name of the bundle a developer downloads. */
    public static final String FILE_NAME = "plinth-contract.zip";
    /** The name of the example package, inside the bundle and on its own. */
    public static final String EXAMPLE_PACKAGE = "hello-http-1.0.0.zip";
    /** The name of the container example's package (a Dockerfile package), inside the bundle and on its own. */
    public static final String CONTAINER_EXAMPLE_PACKAGE = "hello-container-1.0.0.zip";
    /** The examples of the bundle, by name: each is {@code examples/{name}-1.0.0.zip} and its sources in {@code examples/{name}/}. */
    static final List<String> EXAMPLES = List.of("hello-http", "hello-container");

    static final String GUIDE = "GUIDE.md";
    static final String SCHEMA = "plinth-descriptor.schema.json";
    private static final String HERE = "/dev/plinth/appcontroller/contract/";

    /** A file served on its own: its name in the URL, its content and media type. */
    public enum File {
        /** The descriptor's JSON Schema. */
        SCHEMA_JSON("schema.json", "application/schema+json"),
        /** The guide. */
        GUIDE_MD("guide.md", "text/markdown; charset=utf-8"),
        /** The example package. */
        EXAMPLE_ZIP("example.zip", "application/zip"),
        /** The container example's package. */
        CONTAINER_EXAMPLE_ZIP("container-example.zip", "application/zip");

        private final String urlName;
        private final String mediaType;

        File(String urlName, String mediaType) {
            this.urlName = urlName;
            this.mediaType = mediaType;
        }

        /** @return its name in {@code /api/contract/{file}} */
        public String urlName() {
            return urlName;
        }

        /** @return its media type */
        public String mediaType() {
            return mediaType;
        }

        /** @return the file with this URL name, if any */
        public static Optional<File> byUrlName(String name) {
            for (File f : values()) {
                if (f.urlName.equals(name)) {
                    return Optional.of(f);
                }
            }
            return Optional.empty();
        }
    }

    private volatile Map<String, byte[]> entries;
    private volatile byte[] zip;

    /** @return the bundle as a zip */
    public byte[] zip() {
        if (zip == null) {
            zip = build(entries());
        }
        return zip;
    }

    /** @return one file of the bundle */
    public byte[] file(File file) {
        Map<String, byte[]> all = entries();
        return switch (file) {
            case SCHEMA_JSON -> all.get(SCHEMA);
            case GUIDE_MD -> all.get(GUIDE);
            case EXAMPLE_ZIP -> all.get("examples/" + EXAMPLE_PACKAGE);
            case CONTAINER_EXAMPLE_ZIP -> all.get("examples/" + CONTAINER_EXAMPLE_PACKAGE);
        };
    }

    /** @return the name a file is downloaded as, when it is an example package; else null */
    public static String downloadName(File file) {
        return switch (file) {
            case EXAMPLE_ZIP -> EXAMPLE_PACKAGE;
            case CONTAINER_EXAMPLE_ZIP -> CONTAINER_EXAMPLE_PACKAGE;
            default -> null;
        };
    }

    /** @return the bundle's entries by path, in the order they are zipped */
    Map<String, byte[]> entries() {
        if (entries == null) {
            Map<String, byte[]> files = new LinkedHashMap<>();
            files.put(GUIDE, resource(HERE + GUIDE));
            files.put(SCHEMA, resource(AppDescriptor.SCHEMA_RESOURCE));
            for (String example : EXAMPLES) {
                String packageName = example + "-1.0.0.zip";
                files.put("examples/" + packageName, resource(HERE + packageName));
                unzip(resource(HERE + example + "-source.zip"))
                        .forEach((path, bytes) -> files.put("examples/" + example + "/" + path, bytes));
            }
            entries = files;
        }
        return entries;
    }

    private static byte[] resource(String path) {
        try (InputStream in = ContractBundle.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the class path; build app-controller with Maven, "
                        + "which copies the example apps into it");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** Reads an example's source zip, which the build made from files in this repository. */
    private static Map<String, byte[]> unzip(byte[] zip) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (!entry.isDirectory()) {
                    files.put(entry.getName(), in.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the example's sources", e);
        }
        return files;
    }

    private static byte[] build(Map<String, byte[]> files) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(buffer)) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                ZipEntry entry = new ZipEntry(file.getKey());
                out.putNextEntry(entry);
                out.write(file.getValue());
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the contract bundle", e);
        }
        return buffer.toByteArray();
    }
}
