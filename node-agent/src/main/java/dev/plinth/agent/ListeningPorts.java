package dev.plinth.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The TCP ports something listens on in this host's network namespace, read from Linux's socket
 * tables ({@code /proc/net/tcp} and {@code tcp6}). Reading them costs a file read, where trying to
 * bind every port of a node's range would cost a system call per port every heartbeat.
 */
final class ListeningPorts {

    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
    /** The kernel's TCP_LISTEN state, as the tables write it. */
    private static final String LISTEN = "0A";

    private ListeningPorts() {
    }

    /** @return the listening ports from {@code from} to {@code to} (inclusive); none where the tables cannot be read */
    static Set<Integer> within(int from, int to) {
        Set<Integer> ports = new TreeSet<>();
        for (Path table : TABLES) {
            try {
                ports.addAll(parse(Files.readAllLines(table), from, to));
            } catch (IOException | SecurityException e) {
                // Not Linux, or no IPv6: the bind check at each start still refuses a taken port.
            }
        }
        return ports;
    }

    /** @return the listening ports within the range in the lines of one socket table */
    static Set<Integer> parse(List<String> lines, int from, int to) {
        Set<Integer> ports = new TreeSet<>();
        for (String line : lines) {
            // "  0: 0100007F:5208 00000000:0000 0A ...": slot, local address:port, remote, state
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 4 || !LISTEN.equals(fields[3])) {
                continue;
            }
            int colon = fields[1].lastIndexOf(':');
            if (colon < 0) {
                continue;
            }
            try {
                int port = Integer.parseInt(fields[1].substring(colon + 1), 16);
                if (port >= from && port <= to) {
                    ports.add(port);
                }
            } catch (NumberFormatException e) {
                // The header line, or a format this parser does not know: not a port.
            }
        }
        return ports;
    }
}
