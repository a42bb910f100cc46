package dev.plinth.nodemanager.agent;

import dev.plinth.contracts.events.InstanceSpec;

import java.util.HashMap;
import java.util.Map;

/**
 * The environment an instance starts with: the descriptor's variables, then the platform's, which
 * win (an app cannot pretend to be another instance by setting {@code PLINTH_INSTANCE_ID}).
 */
final class InstanceEnvironment {

    private InstanceEnvironment() {
    }

    /**
     * @param spec       what to start
     * @param node       the node it runs on
     * @param gatewayUrl the platform's URL, for the SDK
     * @return every variable
     */
    static Map<String, String> of(InstanceSpec spec, String node, String gatewayUrl) {
        Map<String, String> env = new HashMap<>(spec.env());
        env.put("PORT", String.valueOf(spec.port()));
        env.put("PLINTH_APP", spec.app());
        env.put("PLINTH_VERSION", nullToEmpty(spec.version()));
        env.put("PLINTH_INSTANCE_ID", spec.instanceId());
        env.put("PLINTH_NODE", node);
        env.put("PLINTH_DEPLOYMENT", nullToEmpty(spec.deploymentId()));
        env.put("PLINTH_GATEWAY_URL", nullToEmpty(gatewayUrl));
        return env;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
