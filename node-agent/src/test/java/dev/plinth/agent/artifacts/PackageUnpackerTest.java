package dev.plinth.agent.artifacts;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PackageUnpackerTest {

    @TempDir
    Path dir;

    @Test
    void unpacksFilesAndDirectoriesKeepingTheExecutableBit() throws Exception {
        Path zip = dir.resolve("p.zip");
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(zip)) {
            add(out, "plinth.yaml", "name: a", 0644);
            add(out, "bin/run.sh", "#!/bin/sh\necho hi", 0755);
            ZipArchiveEntry folder = new ZipArchiveEntry("empty/");
            out.putArchiveEntry(folder);
            out.closeArchiveEntry();
        }
        Path target = dir.resolve("instance");

        PackageUnpacker.unpack(zip, target, 1 << 20);

        assertEquals("name: a", Files.readString(target.resolve("plinth.yaml")));
        assertTrue(Files.isExecutable(target.resolve("bin/run.sh")));
        assertFalse(Files.isExecutable(target.resolve("plinth.yaml")));
        assertTrue(Files.isDirectory(target.resolve("empty")));
    }

    /** Zip readers turn DOS backslashes into slashes, so {@code a\..\evil} is caught as a climb too. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "../evil.sh         | climbs out of the package with '..'",
            "a/../../evil.sh    | climbs out of the package with '..'",
            "/etc/passwd        | has an absolute path",
            "C:/windows/evil    | has an absolute path",
            "a\\..\\evil        | climbs out of the package with '..'"})
    void refusesNamesThatCouldEscape(String name, String problem) throws Exception {
        Path zip = dir.resolve("bad.zip");
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(zip)) {
            add(out, "ok.txt", "fine", 0644);
            add(out, name, "gotcha", 0644);
        }
        Path target = dir.resolve("instance");

        PackageException e = assertThrows(PackageException.class, () -> PackageUnpacker.unpack(zip, target, 1 << 20));

        assertTrue(e.getMessage().contains(problem), e.getMessage());
        assertFalse(Files.exists(dir.resolve("evil.sh")));
    }

    @Test
    void refusesSymbolicLinks() throws Exception {
        Path zip = dir.resolve("link.zip");
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(zip)) {
            ZipArchiveEntry link = new ZipArchiveEntry("passwd");
            link.setUnixMode(0120777);
            out.putArchiveEntry(link);
            out.write("/etc/passwd".getBytes(StandardCharsets.UTF_8));
            out.closeArchiveEntry();
        }

        PackageException e = assertThrows(PackageException.class,
                () -> PackageUnpacker.unpack(zip, dir.resolve("instance"), 1 << 20));

        assertEquals("entry 'passwd' is a symbolic link, which packages may not contain", e.getMessage());
        assertFalse(Files.exists(dir.resolve("instance/passwd")));
    }

    @Test
    void refusesMoreThanTheLimit() throws Exception {
        Path zip = dir.resolve("big.zip");
        Map<String, String> files = new LinkedHashMap<>();
        files.put("a.txt", "x".repeat(600));
        files.put("b.txt", "y".repeat(600));
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(zip)) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                add(out, f.getKey(), f.getValue(), 0644);
            }
        }

        PackageException e = assertThrows(PackageException.class,
                () -> PackageUnpacker.unpack(zip, dir.resolve("instance"), 1000));

        assertEquals("the package unpacks to more than 1000 bytes", e.getMessage());
    }

    @Test
    void refusesADamagedZip() throws Exception {
        Path zip = dir.resolve("junk.zip");
        Files.writeString(zip, "this is not a zip file at all");

        PackageException e = assertThrows(PackageException.class,
                () -> PackageUnpacker.unpack(zip, dir.resolve("instance"), 1 << 20));

        assertTrue(e.getMessage().startsWith("the package cannot be unpacked"), e.getMessage());
    }

    private static void add(ZipArchiveOutputStream out, String name, String content, int mode) throws IOException {
        ZipArchiveEntry entry = new ZipArchiveEntry(name);
        entry.setUnixMode(0100000 | mode);
        out.putArchiveEntry(entry);
        out.write(content.getBytes(StandardCharsets.UTF_8));
        out.closeArchiveEntry();
    }
}
