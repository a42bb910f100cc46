package dev.plinth.agent.artifacts;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Enumeration;
import java.util.EnumSet;
import java.util.Set;

/**
 * Unpacks an app package into an instance's directory. app-controller validated the package at
 * upload, but the node checks again what it writes: every entry name must stay inside the target
 * (no {@code ..}, no absolute or drive paths, no backslashes), no entry may be a symbolic link, and
 * the unpacked total may not pass a limit. Files whose owner-execute bit is set stay executable.
 */
public final class PackageUnpacker {

    private static final int BUFFER = 64 * 1024;

    private PackageUnpacker() {
    }

    /**
     * @param zip      the package
     * @param target   the directory to unpack into; created, and expected to be empty
     * @param maxBytes the most bytes all entries together may unpack to
     * @throws PackageException when the package is damaged or an entry is refused; the target may then
     *                          hold part of the package and should be deleted
     */
    public static void unpack(Path zip, Path target, long maxBytes) throws PackageException {
        Path root = target.toAbsolutePath().normalize();
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new PackageException("cannot create the instance directory " + root + ": " + e.getMessage(), e);
        }
        long total = 0;
        try (ZipFile file = ZipFile.builder().setPath(zip).get()) {
            Enumeration<ZipArchiveEntry> entries = file.getEntriesInPhysicalOrder();
            while (entries.hasMoreElements()) {
                ZipArchiveEntry entry = entries.nextElement();
                Path destination = destinationOf(root, entry);
                if (entry.isDirectory()) {
                    Files.createDirectories(destination);
                    continue;
                }
                if (!file.canReadEntryData(entry)) {
                    throw new PackageException("entry '" + entry.getName() + "' uses a compression or encryption the node cannot read");
                }
                Files.createDirectories(destination.getParent());
                if (Files.exists(destination, LinkOption.NOFOLLOW_LINKS)) {
                    throw new PackageException("entry '" + entry.getName() + "' appears twice in the package");
                }
                try (InputStream in = file.getInputStream(entry); OutputStream out = Files.newOutputStream(destination)) {
                    byte[] buffer = new byte[BUFFER];
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        total += n;
                        if (total > maxBytes) {
                            throw new PackageException("the package unpacks to more than " + maxBytes + " bytes");
                        }
                        out.write(buffer, 0, n);
                    }
                }
                if ((entry.getUnixMode() & 0100) != 0) {
                    makeExecutable(destination);
                }
            }
        } catch (IOException e) {
            throw new PackageException("the package cannot be unpacked: " + e.getMessage(), e);
        }
    }

    /** @return where the entry goes under root, after checking that its name is safe */
    static Path destinationOf(Path root, ZipArchiveEntry entry) throws PackageException {
        String name = entry.getName();
        checkName(name);
        if (entry.isUnixSymlink()) {
            throw new PackageException("entry '" + name + "' is a symbolic link, which packages may not contain");
        }
        Path destination = root.resolve(name).normalize();
        if (!destination.startsWith(root) || destination.equals(root)) {
            throw new PackageException("entry '" + name + "' would be written outside the instance directory");
        }
        return destination;
    }

    /** Refuses entry names that could escape the target or mean different things on different systems. */
    static void checkName(String name) throws PackageException {
        if (name == null || name.isEmpty()) {
            throw new PackageException("the package has an entry without a name");
        }
        if (name.indexOf('\0') >= 0 || name.indexOf('\\') >= 0) {
            throw new PackageException("entry '" + name.replace('\0', '?') + "' has a NUL or backslash in its name");
        }
        if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
            throw new PackageException("entry '" + name + "' has an absolute path");
        }
        for (String segment : name.split("/")) {
            if (segment.equals("..")) {
                throw new PackageException("entry '" + name + "' climbs out of the package with '..'");
            }
        }
    }

    private static void makeExecutable(Path file) throws IOException {
        try {
            Set<PosixFilePermission> permissions = EnumSet.copyOf(Files.getPosixFilePermissions(file));
            permissions.add(PosixFilePermission.OWNER_EXECUTE);
            permissions.add(PosixFilePermission.GROUP_EXECUTE);
            permissions.add(PosixFilePermission.OTHERS_EXECUTE);
            Files.setPosixFilePermissions(file, permissions);
        } catch (UnsupportedOperationException e) {
            file.toFile().setExecutable(true, false);
        }
    }
}
