package dev.plinth.bootstrapper;

import dev.plinth.testkit.wait.Waits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Starts a node agent in its own process ({@code plinth agent}), as on a remote machine. */
final class NodeAgents {

    private NodeAgents() {
    }

    static Process start(Platform platform, Path inventory, Path data) throws Exception {
        Files.createDirectories(data);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "dev.plinth.bootstrapper.cli.PlinthCli", "agent", "--node", "node-3", "--inventory", inventory.toString(),
                "--data", data.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("agent.log").toFile()));
        builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", platform.endpoints().kafkaBootstrap());
        // The agent signs in to the embedded broker as its Kafka user, as an operator would configure it.
        dev.plinth.kit.kafka.KafkaCredentials kafka = platform.endpoints().kafkaLogins().of(dev.plinth.bootstrapper.infra.kafka.KafkaUsers.AGENT);
        builder.environment().put("PLINTH_KAFKA_USERNAME", kafka.username());
        builder.environment().put("PLINTH_KAFKA_PASSWORD", kafka.password());
        builder.environment().put("PLINTH_JWT_SECRET", platform.secrets().jwtSecret());
        builder.environment().put("PLINTH_GATEWAY_URL", platform.gatewayUrl().toString());
        builder.environment().put("PLINTH_DATA", data.toString());
        return builder.start();
    }

    static void awaitState(Http http, String token, String node, String state) {
        // A fresh agent JVM on a busy 2-core machine took more than a minute to send its first heartbeat.
        Waits.until(node + " to be " + state, Duration.ofSeconds(120),
                () -> state.equals(http.get("/api/nodes/" + node, token).json().path("state").asText()) ? Boolean.TRUE : null,
                () -> http.get("/api/nodes/" + node, token).text());
    }
}
