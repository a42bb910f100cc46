package dev.plinth.bootstrapper;

import com.fasterxml.jackson.databind.JsonNode;

import dev.plinth.testkit.wait.Waits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads an app's active deployment through the API and waits for states of it. */
final class Deployments {

    private final Http http;
    private final String token;
    private final String app;

    Deployments(Http http, String token, String app) {
        this.http = http;
        this.token = token;
        this.app = app;
    }

    /** @return the active (or latest) deployment */
    JsonNode current() {
        JsonNode list = http.get("/api/apps/" + app + "/deployments", token).json();
        if (list == null || !list.isArray() || list.isEmpty()) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        for (JsonNode d : list) {
            if (d.path("active").asBoolean(false)) {
                return d;
            }
        }
        return list.get(0);
    }

    /** @return the instances that run and pass their health checks */
    List<JsonNode> healthy(JsonNode deployment, String version) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode i : deployment.path("instances")) {
            if ("HEALTHY".equals(i.path("state").asText()) && "RUN".equals(i.path("desired").asText("RUN"))
                    && (version == null || version.equals(i.path("version").asText()))) {
                out.add(i);
            }
        }
        return out;
    }

    /** Waits until the deployment is RUNNING with {@code count} healthy instances of {@code version}. */
    JsonNode awaitRunning(String version, int count, Duration timeout) {
        return Waits.until(count + " healthy instances of " + app + " " + version, timeout, () -> {
            JsonNode d = current();
            return "RUNNING".equals(d.path("status").asText()) && version.equals(d.path("version").asText())
                    && healthy(d, version).size() == count ? d : null;
        }, () -> String.valueOf(current()));
    }
}
