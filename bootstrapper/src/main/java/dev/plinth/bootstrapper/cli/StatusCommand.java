package dev.plinth.bootstrapper.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plinth.bootstrapper.Platform;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * {@code plinth status}: each subsystem, node and piece of infrastructure with its state, read
 * from the platform's aggregate health.
 *
 * <p>Exit codes: 0 everything is up, 1 something is down or a node cannot isolate instances (it is
 * NOT_READY, with the reason and the fix under it), 3 the platform does not answer.</p>
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Shows each subsystem, node and piece of infrastructure with its state.",
                "Exit code 0 when all is up, 1 when something is down or a node cannot isolate instances,",
                "3 when the platform does not answer."})
final class StatusCommand implements Callable<Integer> {

    static final int EXIT_UNREACHABLE = 3;

    @Option(names = "--url", paramLabel = "URL", description = "the platform (default: the one running on this data directory, else http://127.0.0.1:8080)")
    URI url;

    @Option(names = "--data", paramLabel = "DIR", description = "the platform's data directory, for its URL and signing secret (default: ./plinth-data, or PLINTH_DATA)")
    Path data;

    @Option(names = "--json", description = "print the raw health document")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        Path dataDir = data != null ? data : Path.of(System.getenv().getOrDefault("PLINTH_DATA", "plinth-data"));
        URI target = url != null ? url : runningUrl(dataDir);
        HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve("/health")).timeout(Duration.ofSeconds(15));
        String token = CliTokens.forStatus(dataDir);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()
                    .send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            System.err.println("Plinth does not answer at " + target + ": is it running? (start it with ./plinth up)");
            return EXIT_UNREACHABLE;
        } catch (IOException e) {
            System.err.println("Plinth does not answer at " + target + ": " + e.getMessage());
            return EXIT_UNREACHABLE;
        }
        JsonNode health;
        try {
            health = new ObjectMapper().readTree(response.body());
        } catch (IOException e) {
            System.err.println("Plinth at " + target + " answered " + response.statusCode() + " with something that is not a health report");
            return EXIT_UNREACHABLE;
        }
        if (json) {
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(health));
        } else {
            print(out, target, health, token != null);
        }
        return "UP".equals(health.path("status").asText()) && notReadyNodes(health).isEmpty() ? 0 : PlinthCli.EXIT_FAILURE;
    }

    private static URI runningUrl(Path dataDir) throws IOException {
        Path run = dataDir.resolve(Platform.RUN_FILE);
        if (Files.exists(run)) {
            Properties props = new Properties();
            try (Reader in = Files.newBufferedReader(run, StandardCharsets.UTF_8)) {
                props.load(in);
            }
            return URI.create(props.getProperty("url", "http://127.0.0.1:8080"));
        }
        return URI.create("http://127.0.0.1:8080");
    }

    static void print(PrintStream out, URI target, JsonNode health, boolean withDetails) {
        out.println("Plinth at " + target + " is " + health.path("status").asText("UNKNOWN"));
        JsonNode details = health.path("details");
        if (!withDetails || details.isMissingNode()) {
            out.println("(no details: run this on the platform's machine, or set PLINTH_TOKEN to an admin's token)");
            return;
        }
        JsonNode subsystems = details.path("subsystems").path("details");
        out.println();
        out.println("SUBSYSTEMS");
        row(out, "api-gateway", health.path("status").asText(), target.toString());
        for (Iterator<Map.Entry<String, JsonNode>> it = subsystems.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> s = it.next();
            row(out, s.getKey(), s.getValue().path("status").asText(), s.getValue().path("url").asText()
                    + (s.getValue().has("error") ? "  " + s.getValue().path("error").asText() : ""));
        }
        out.println();
        out.println("INFRASTRUCTURE");
        infra(out, "kafka", details.path("kafka"));
        infra(out, "mongodb", details.path("mongodb"));
        infra(out, "ldap", details.path("ldap"));
        infra(out, "mqtt", subsystems.path("sensor-manager").path("details").path("mqtt"));
        infra(out, "artifacts", subsystems.path("app-controller").path("details").path("artifacts"));
        out.println();
        out.println("NODES");
        JsonNode nodes = subsystems.path("node-manager").path("details").path("nodes").path("details");
        if (nodes.isMissingNode() || nodes.isEmpty()) {
            out.println("  (node-manager does not answer)");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = nodes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> n = it.next();
            JsonNode v = n.getValue();
            String load = v.has("instances")
                    ? v.path("instances").asInt() + " instance(s), cpu " + String.format("%.2f", v.path("cpuUsed").asDouble())
                    + ", " + v.path("memoryUsedMb").asLong() + " MiB"
                    : "never reported";
            String unconfined = "none".equals(v.path("isolation").asText())
                    ? "  WARNING: runs instances UNCONFINED (isolation: none)" : "";
            row(out, n.getKey(), v.path("state").asText(),
                    v.path("kind").asText() + "/" + v.path("runtime").asText() + "  " + load + unconfined);
            for (JsonNode problem : v.path("isolationProblems")) {
                out.println("      cannot isolate instances: " + problem.asText());
            }
        }
    }

    /** @return the nodes that cannot isolate instances: nothing runs on them, so the platform is not all up */
    static List<String> notReadyNodes(JsonNode health) {
        List<String> names = new ArrayList<>();
        JsonNode nodes = health.path("details").path("subsystems").path("details").path("node-manager").path("details")
                .path("nodes").path("details");
        for (Iterator<Map.Entry<String, JsonNode>> it = nodes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> n = it.next();
            if ("NOT_READY".equals(n.getValue().path("state").asText())) {
                names.add(n.getKey());
            }
        }
        return names;
    }

    private static void infra(PrintStream out, String name, JsonNode node) {
        if (node.isMissingNode()) {
            row(out, name, "UNKNOWN", "");
            return;
        }
        JsonNode d = node.path("details");
        String info = d.has("url") ? d.path("url").asText() : d.has("kind") ? d.path("kind").asText() : "";
        if (d.has("error")) {
            info += "  " + d.path("error").asText();
        }
        row(out, name, node.path("status").asText(), info);
    }

    private static void row(PrintStream out, String name, String state, String info) {
        out.printf("  %-16s %-9s %s%n", name, state, info);
    }
}
