package dev.plinth.bootstrapper;

import dev.plinth.bootstrapper.infra.Ports;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Settings for a platform a test starts: loopback only, every port free, the given data directory. */
public final class TestPlatforms {

    private TestPlatforms() {
    }

    public static Map<String, String> environment(Path dataDir) {
        // Tests register and sign in many times from one address; AuthTest sets its own limit.
        System.getProperties().putIfAbsent("plinth.auth.attempts-per-minute", "1000");
        Map<String, String> env = new HashMap<>();
        env.put("PLINTH_DATA", dataDir.toString());
        env.put("PLINTH_PORT", String.valueOf(Ports.free()));
        env.put("PLINTH_BIND", "127.0.0.1");
        env.put("PLINTH_KAFKA_PORT", String.valueOf(Ports.free()));
        env.put("PLINTH_MONGO_PORT", String.valueOf(Ports.free()));
        env.put("PLINTH_LDAP_PORT", String.valueOf(Ports.free()));
        env.put("PLINTH_MQTT_PORT", String.valueOf(Ports.free()));
        env.put("PLINTH_INVENTORY", inventory(dataDir).toString());
        env.put("PLINTH_DEMO", "false");
        return env;
    }

    /**
     * Three local nodes like the default inventory, but with instance ports in a random block, so
     * platforms that run at the same time on this machine (other tests, a developer's) do not collide.
     */
    static Path inventory(Path dataDir) {
        // Below the default inventory's ports (21000+) and the internal servers' (24000+, see Ports.free),
        // in this test fork's share of 10000-20999 (see FreePorts.FORKS).
        int forks = Math.max(1, Integer.getInteger(dev.plinth.kit.net.FreePorts.FORKS, 1));
        int fork = Math.min(forks, Math.max(1, Integer.getInteger(dev.plinth.kit.net.FreePorts.FORK, 1)));
        int blocks = 110 / forks;
        int base = 10000 + ((fork - 1) * blocks + java.util.concurrent.ThreadLocalRandom.current().nextInt(blocks)) * 100;
        StringBuilder yaml = new StringBuilder("nodes:\n");
        String[] zones = {"north", "south", "north"};
        for (int i = 0; i < 3; i++) {
            int from = base + i * 30;
            yaml.append("  - { name: node-").append(i + 1).append(", kind: local, capacity: { cpu: 2, memoryMb: 2048 }, ")
                    .append("labels: { zone: ").append(zones[i]).append(" }, runtime: process, ports: { from: ")
                    .append(from).append(", to: ").append(from + 29).append(" } }\n");
        }
        try {
            java.nio.file.Files.createDirectories(dataDir);
            Path file = dataDir.resolve("test-nodes.yaml");
            if (!java.nio.file.Files.exists(file)) {
                java.nio.file.Files.writeString(file, yaml.toString());
            }
            return file.toAbsolutePath();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static PlatformSettings settings(Path dataDir) {
        return PlatformSettings.fromEnvironment(environment(dataDir));
    }
}
