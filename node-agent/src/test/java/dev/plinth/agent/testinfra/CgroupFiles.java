package dev.plinth.agent.testinfra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the cgroup files tests check limits by. */
public final class CgroupFiles {

    private CgroupFiles() {
    }

    /**
     * @param file a flat-keyed cgroup file ({@code pids.events}, {@code memory.events}: "key value" per line)
     * @return the value of the key, or -1 when the file or the key is missing
     */
    public static long counter(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length == 2 && parts[0].equals(key)) {
                    return Long.parseLong(parts[1]);
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }
}
