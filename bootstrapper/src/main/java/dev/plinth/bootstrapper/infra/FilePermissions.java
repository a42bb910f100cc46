package dev.plinth.bootstrapper.infra;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Keeps files that hold secrets readable by their owner only. */
public final class FilePermissions {

    private FilePermissions() {
    }

    /** Sets owner read/write only, where the file system has POSIX permissions. */
    public static void ownerOnly(Path file) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }
}
