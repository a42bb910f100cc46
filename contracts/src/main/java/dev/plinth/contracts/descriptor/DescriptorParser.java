package dev.plinth.contracts.descriptor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plinth.contracts.validation.InvalidDocumentException;
import dev.plinth.contracts.validation.Problem;
import dev.plinth.contracts.validation.SchemaCheck;
import dev.plinth.contracts.validation.YamlDocuments;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parses {@code plinth.yaml}: YAML to a tree, the tree against the JSON Schema, then to an
 * {@link AppDescriptor} with every default filled in. Every problem is reported, with its path.
 *
 * <p>Thread-safe; create one and share it.</p>
 */
public final class DescriptorParser {

    private final SchemaCheck schema = SchemaCheck.fromClasspath(AppDescriptor.SCHEMA_RESOURCE);

    /** @return the JSON Schema the parser checks against */
    public JsonNode schema() {
        return schema.schemaJson();
    }

    /**
     * Parses and validates a descriptor.
     *
     * @param yaml the text of {@code plinth.yaml}
     * @return the descriptor with defaults filled in
     * @throws InvalidDocumentException listing every problem when the descriptor is invalid
     */
    public AppDescriptor parse(String yaml) {
        JsonNode tree = YamlDocuments.read(AppDescriptor.FILE_NAME, yaml);
        List<Problem> problems = new ArrayList<>(schema.validate(tree));
        problems = withEnvironmentRules(problems, tree.path("env"));
        problems = withImageRule(problems, tree.path("run").path("image"));
        if (problems.isEmpty()) {
            problems.addAll(uniqueNames(tree, "sensors"));
            problems.addAll(uniqueNames(tree, "controllers"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidDocumentException(AppDescriptor.FILE_NAME, problems);
        }
        return toDescriptor(tree);
    }

    /**
     * The schema refuses hijack variables too (for editors), with a generic message; the problem of
     * {@link EnvironmentRules} says why, so it replaces the schema's for the same variable.
     */
    private static List<Problem> withEnvironmentRules(List<Problem> schemaProblems, JsonNode env) {
        if (!env.isObject()) {
            return schemaProblems;
        }
        Map<String, String> names = new LinkedHashMap<>();
        env.fieldNames().forEachRemaining(name -> names.put(name, ""));
        List<Problem> refused = EnvironmentRules.problems(names);
        if (refused.isEmpty()) {
            return schemaProblems;
        }
        Set<String> paths = new HashSet<>();
        refused.forEach(p -> paths.add(p.path()));
        List<Problem> merged = new ArrayList<>();
        schemaProblems.stream().filter(p -> !paths.contains(p.path())).forEach(merged::add);
        merged.addAll(refused);
        return merged;
    }

    /**
     * The schema's pattern for {@code run.image} holds the reference grammar for editors, with one message for
     * every mistake; {@link ImageReference} names the part that is wrong, so its problem replaces the schema's.
     */
    private static List<Problem> withImageRule(List<Problem> schemaProblems, JsonNode image) {
        if (!image.isTextual()) {
            return schemaProblems;
        }
        Optional<String> why = ImageReference.whyInvalid(image.asText());
        if (why.isEmpty()) {
            return schemaProblems;
        }
        List<Problem> merged = new ArrayList<>();
        schemaProblems.stream().filter(p -> !IMAGE_PATH.equals(p.path())).forEach(merged::add);
        merged.add(new Problem(IMAGE_PATH, why.get()));
        return merged;
    }

    private static final String IMAGE_PATH = "run.image";

    private static List<Problem> uniqueNames(JsonNode tree, String field) {
        List<Problem> problems = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        JsonNode items = tree.path(field);
        for (int i = 0; i < items.size(); i++) {
            String name = items.get(i).path("name").asText();
            Integer first = seen.putIfAbsent(name, i);
            if (first != null) {
                problems.add(new Problem(field + "[" + i + "].name",
                        "'" + name + "' is already used by " + field + "[" + first + "]; names must be unique"));
            }
        }
        return problems;
    }

    private static AppDescriptor toDescriptor(JsonNode tree) {
        JsonNode run = tree.path("run");
        RunSpec runSpec = new RunSpec(strings(run.path("command")), run.hasNonNull("image") ? run.get("image").asText() : null);
        JsonNode h = tree.path("health");
        HealthCheck defaults = HealthCheck.DEFAULT;
        HealthCheck health = new HealthCheck(
                h.path("path").asText(defaults.path()),
                h.path("intervalSeconds").asInt(defaults.intervalSeconds()),
                h.path("timeoutSeconds").asInt(defaults.timeoutSeconds()),
                h.path("failureThreshold").asInt(defaults.failureThreshold()),
                h.path("startupSeconds").asInt(defaults.startupSeconds()));
        JsonNode r = tree.path("resources");
        Resources resources = new Resources(
                r.path("cpu").asDouble(Resources.DEFAULT.cpu()),
                r.path("memoryMb").asInt(Resources.DEFAULT.memoryMb()));
        List<SensorRequirement> sensors = new ArrayList<>();
        for (JsonNode s : tree.path("sensors")) {
            sensors.add(new SensorRequirement(s.path("name").asText(), s.path("type").asText(),
                    s.path("count").asInt(1), stringMap(s.path("where")), s.path("delivery").asText(SensorRequirement.SHARED)));
        }
        List<ControllerRequirement> controllers = new ArrayList<>();
        for (JsonNode c : tree.path("controllers")) {
            controllers.add(new ControllerRequirement(c.path("name").asText(), c.path("type").asText(),
                    c.path("count").asInt(1), stringMap(c.path("where"))));
        }
        return new AppDescriptor(
                tree.path("name").asText(),
                tree.path("version").asText(),
                tree.path("description").asText(""),
                runSpec,
                tree.path("port").asInt(8080),
                health,
                tree.path("instances").asInt(1),
                resources,
                new Placement(stringMap(tree.path("placement").path("labels"))),
                sensors,
                controllers,
                stringMap(tree.path("env")));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(item -> out.add(item.asText()));
        return out;
    }

    private static Map<String, String> stringMap(JsonNode object) {
        Map<String, String> out = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /**
     * The package files a run command names: arguments that are relative paths with a file
     * extension (such as {@code app.jar} or {@code bin/start.sh}) or that start with {@code ./}.
     * Options (starting with {@code -}), plain program names ({@code java}) and dotted class
     * names ({@code com.example.Main}) are not files.
     *
     * @param run the run section
     * @return the relative paths, normalised without a leading {@code ./}
     */
    public static Set<String> filesNamedBy(RunSpec run) {
        Set<String> files = new HashSet<>();
        for (String arg : run.command()) {
            if (arg.startsWith("-") || arg.startsWith("/") || arg.contains("=") || arg.contains("://")) {
                continue;
            }
            String path = arg.startsWith("./") ? arg.substring(2) : arg;
            String lastSegment = path.substring(path.lastIndexOf('/') + 1);
            int dot = lastSegment.lastIndexOf('.');
            boolean explicit = arg.startsWith("./");
            boolean fileLike = dot > 0 && FILE_EXTENSIONS.contains(lastSegment.substring(dot + 1).toLowerCase());
            if ((explicit || fileLike) && !path.isEmpty()) {
                files.add(path);
            }
        }
        return files;
    }

    private static final Set<String> FILE_EXTENSIONS = Set.of(
            "jar", "war", "py", "pyc", "js", "mjs", "cjs", "sh", "bash", "rb", "pl", "php", "lua",
            "bin", "exe", "class", "ts", "json", "yaml", "yml", "toml", "properties", "conf", "cfg", "ini");
}
