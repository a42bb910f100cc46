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
        Map<String, String> env = new HashMap<>();
        env.put("PLINTH_DATA", dataDir.toString());
        env.put("PLINTH_PORT", String.valueOf(Ports.free()));
        env.put("PLINTH_BIND", "127.0.0.1");
        env.put("PLINTH_KAFKA_PORT", String.valueOf(Ports.free()));
        env.put("PLINTH_MONGO_PORT", String.valueOf(Ports.free()));
        env.put("PLINTH_LDAP_PORT", String.valueOf(Ports.free()));
        env.put("PLINTH_MQTT_PORT", String.valueOf(Ports.free()));
        env.put("PLINTH_INVENTORY", Path.of("..", "plinth-nodes.yaml").toAbsolutePath().normalize().toString());
        return env;
    }

    public static PlatformSettings settings(Path dataDir) {
        return PlatformSettings.fromEnvironment(environment(dataDir));
    }
}
