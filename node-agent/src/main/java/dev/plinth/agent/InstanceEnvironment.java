package dev.plinth.agent;

import dev.plinth.contracts.events.InstanceSpec;

import java.util.HashMap;
import java.util.Map;

/**
 * The environment an instance starts with: the descriptor's variables, then the platform's, which
 * win (an app cannot pretend to be another instance by setting {@code PLINTH_INSTANCE_ID}). The
 * platform's include the instance's credentials for the sensor protocol (docs/sensors.md).
 */
final class InstanceEnvironment {

    private InstanceEnvironment() {
    }

    /**
     * What an instance uses to reach its sensors and controllers.
     *
     * @param mqttUrl the broker
     * @param token   the app's credential: role APP, claim {@code app}
     */
    record AppCredentials(String mqttUrl, String token) {
    }

    /**
     * @param spec        what to start
     * @param node        the node it runs on
     * @param gatewayUrl  the platform's URL, for the SDK
     * @param credentials the instance's broker and credential
     * @return every variable
     */
    static Map<String, String> of(InstanceSpec spec, String node, String gatewayUrl, AppCredentials credentials) {
        Map<String, String> env = new HashMap<>(spec.env());
        env.put("PORT", String.valueOf(spec.port()));
        env.put("PLINTH_APP", spec.app());
        env.put("PLINTH_VERSION", nullToEmpty(spec.version()));
        env.put("PLINTH_INSTANCE_ID", spec.instanceId());
        env.put("PLINTH_NODE", node);
        env.put("PLINTH_DEPLOYMENT", nullToEmpty(spec.deploymentId()));
        env.put("PLINTH_GATEWAY_URL", nullToEmpty(gatewayUrl));
        env.put("PLINTH_API_URL", nullToEmpty(gatewayUrl));
        env.put("PLINTH_MQTT_URL", nullToEmpty(credentials.mqttUrl()));
        env.put("PLINTH_MQTT_USERNAME", "app:" + spec.app() + ":" + spec.instanceId());
        env.put("PLINTH_MQTT_PASSWORD", credentials.token());
        env.put("PLINTH_TOKEN", credentials.token());
        return env;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
