package dev.plinth.appcontroller.api;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Builds small zips for upload tests, hostile ones included. */
final class Zips {

    static final String DESCRIPTOR = """
            name: tiny-app
            version: 1.0.0
            run:
              command: ["java", "-jar", "tiny.jar"]
            """;

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final ZipArchiveOutputStream out = new ZipArchiveOutputStream(buffer);

    /** @return a zip with the tiny descriptor and its jar */
    static Zips valid() {
        return new Zips().file("plinth.yaml", DESCRIPTOR).file("tiny.jar", "jar bytes");
    }

    static Zips empty() {
        return new Zips();
    }

    Zips file(String name, String text) {
        return file(name, text.getBytes(StandardCharsets.UTF_8));
    }

    Zips file(String name, byte[] data) {
        return entry(new ZipArchiveEntry(name), data);
    }

    /** An entry of zeros, which deflate shrinks about a thousand times. */
    Zips zeros(String name, int size) {
        return entry(new ZipArchiveEntry(name), new byte[size]);
    }

    /** An entry whose unix mode makes it a symbolic link to the target. */
    Zips symlink(String name, String target) {
        ZipArchiveEntry entry = new ZipArchiveEntry(name);
        entry.setUnixMode(0120777);
        return entry(entry, target.getBytes(StandardCharsets.UTF_8));
    }

    private Zips entry(ZipArchiveEntry entry, byte[] data) {
        try {
            entry.setTime(1_700_000_000_000L);
            out.putArchiveEntry(entry);
            out.write(data);
            out.closeArchiveEntry();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] bytes() {
        try {
            out.close();
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
