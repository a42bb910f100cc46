package dev.plinth.contracts.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plinth.contracts.validation.InvalidDocumentException;
import dev.plinth.contracts.validation.Problem;
import dev.plinth.contracts.validation.SchemaCheck;
import dev.plinth.contracts.validation.YamlDocuments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads a node inventory (YAML) and checks it against its schema and rules. Problems name the
 * node and the field, as {@code nodes[edge-2].capacity.cpu: must be a positive number of cores}.
 */
public final class InventoryLoader {

    /** The class path location of the inventory's JSON Schema. */
    public static final String SCHEMA_RESOURCE = "/dev/plinth/contracts/node-inventory.schema.json";

    /** The first port of the range a node gets when the inventory gives none. */
    public static final int DEFAULT_PORT_BASE = 21000;
    /** How many ports a node gets when the inventory gives none. */
    public static final int DEFAULT_PORT_COUNT = 1000;

    private static final Pattern NODE_INDEX = Pattern.compile("^nodes\\[(\\d+)]");
    private final SchemaCheck schema = SchemaCheck.fromClasspath(SCHEMA_RESOURCE);

    /**
     * Loads an inventory file.
     *
     * @param file the YAML file
     * @return the checked inventory
     * @throws InvalidDocumentException listing every problem
     * @throws UncheckedIOException     when the file cannot be read
     */
    public NodeInventory load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the inventory " + file + ": " + e.getMessage(), e);
        }
        return parse("inventory " + file, text);
    }

    /**
     * Parses inventory text.
     *
     * @param what the document's name for messages
     * @param yaml the YAML text
     * @return the checked inventory
     * @throws InvalidDocumentException listing every problem
     */
    public NodeInventory parse(String what, String yaml) {
        JsonNode tree = YamlDocuments.read(what, yaml);
        List<Problem> problems = new ArrayList<>();
        for (Problem p : schema.validate(tree)) {
            problems.add(nameTheNode(tree, p));
        }
        problems.addAll(rules(tree));
        if (!problems.isEmpty()) {
            throw new InvalidDocumentException(what, problems);
        }
        NodeInventory inventory = toInventory(tree);
        problems.addAll(portClashes(inventory));
        if (!problems.isEmpty()) {
            throw new InvalidDocumentException(what, problems);
        }
        return inventory;
    }

    /** Nodes on the same host share its ports, so their ranges must not overlap. */
    private static List<Problem> portClashes(NodeInventory inventory) {
        List<Problem> problems = new ArrayList<>();
        List<NodeSpec> nodes = inventory.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            for (int j = 0; j < i; j++) {
                NodeSpec a = nodes.get(j);
                NodeSpec b = nodes.get(i);
                if (a.address().equals(b.address()) && a.ports().overlaps(b.ports())) {
                    problems.add(new Problem("nodes[" + b.name() + "].ports",
                            "overlaps the ports of node '" + a.name() + "' on the same address " + a.address()
                                    + "; give each node on one host its own range"));
                }
            }
        }
        return problems;
    }

    /** Replaces {@code nodes[1]} with {@code nodes[edge-2]} when the node has a name. */
    private static Problem nameTheNode(JsonNode tree, Problem problem) {
        Matcher m = NODE_INDEX.matcher(problem.path());
        if (!m.find()) {
            return problem;
        }
        JsonNode name = tree.path("nodes").path(Integer.parseInt(m.group(1))).path("name");
        if (!name.isTextual() || name.asText().isBlank()) {
            return problem;
        }
        return new Problem("nodes[" + name.asText() + "]" + problem.path().substring(m.end()), problem.message());
    }

    private static List<Problem> rules(JsonNode tree) {
        List<Problem> problems = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        JsonNode nodes = tree.path("nodes");
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode node = nodes.get(i);
            String name = node.path("name").asText("");
            String label = name.isBlank() ? "nodes[" + i + "]" : "nodes[" + name + "]";
            if (!name.isBlank()) {
                Integer first = names.putIfAbsent(name, i);
                if (first != null) {
                    problems.add(new Problem(label + ".name",
                            "duplicate node name: nodes[" + first + "] and nodes[" + i + "] are both called '" + name + "'"));
                }
            }
            if ("remote".equals(node.path("kind").asText()) && !node.hasNonNull("address")) {
                problems.add(new Problem(label + ".address", "is required for a remote node"));
            }
            if (node.has("docker") && !"docker".equals(node.path("runtime").asText())) {
                problems.add(new Problem(label + ".docker", "applies only to a node with runtime: docker"));
            }
            JsonNode ports = node.path("ports");
            if (ports.isObject() && ports.path("from").asInt() > ports.path("to").asInt()) {
                problems.add(new Problem(label + ".ports", "from must not be greater than to"));
            }
        }
        return problems;
    }

    private static String text(JsonNode parent, String field) {
        return parent.hasNonNull(field) ? parent.get(field).asText() : null;
    }

    private static NodeInventory toInventory(JsonNode tree) {
        List<NodeSpec> nodes = new ArrayList<>();
        JsonNode list = tree.path("nodes");
        for (int i = 0; i < list.size(); i++) {
            JsonNode n = list.get(i);
            NodeKind kind = NodeKind.valueOf(n.path("kind").asText().toUpperCase(Locale.ROOT));
            String address = n.hasNonNull("address") ? n.get("address").asText() : "127.0.0.1";
            Map<String, String> labels = new LinkedHashMap<>();
            n.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            JsonNode p = n.path("ports");
            int base = DEFAULT_PORT_BASE + i * DEFAULT_PORT_COUNT;
            NodeSpec.PortRange ports = p.isObject()
                    ? new NodeSpec.PortRange(p.get("from").asInt(), p.get("to").asInt())
                    : new NodeSpec.PortRange(base, base + DEFAULT_PORT_COUNT - 1);
            nodes.add(new NodeSpec(
                    n.path("name").asText(),
                    kind,
                    address,
                    new NodeSpec.Capacity(n.path("capacity").path("cpu").asDouble(), n.path("capacity").path("memoryMb").asInt()),
                    labels,
                    n.path("runtime").asText(),
                    ports,
                    "none".equals(n.path("isolation").asText()) ? Isolation.NONE : Isolation.REQUIRED,
                    new NodeSpec.Docker(text(n.path("docker"), "host"), text(n.path("docker"), "network"),
                            text(n.path("docker"), "pull"))));
        }
        return new NodeInventory(nodes);
    }
}
