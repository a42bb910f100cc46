package dev.plinth.contracts.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.StringJoiner;

/**
 * Validates a JSON (or YAML-parsed) document against one of Plinth's JSON Schemas
 * (draft 2020-12) and turns every error into a {@link Problem} with a readable path such as
 * {@code sensors[1].count} and a message that says what to fix.
 *
 * <p>A schema may give a friendlier message for a keyword with a sibling
 * {@code "message": {"pattern": "..."}} object; that message replaces the generic one.</p>
 */
public final class SchemaCheck {

    private static final String MESSAGE_KEYWORD = "message";

    private final JsonNode schemaJson;
    private final Schema schema;

    private SchemaCheck(JsonNode schemaJson) {
        this.schemaJson = schemaJson;
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .errorMessageKeyword(MESSAGE_KEYWORD)
                .build();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaRegistryConfig(config));
        this.schema = registry.getSchema(schemaJson);
    }

    /**
     * Loads a schema from the class path.
     *
     * @param resource an absolute class path resource, as {@code /dev/plinth/contracts/x.schema.json}
     * @return a check ready to validate documents, safe to share between threads
     */
    public static SchemaCheck fromClasspath(String resource) {
        try (InputStream in = SchemaCheck.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema not found on the class path: " + resource);
            }
            return new SchemaCheck(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + resource, e);
        }
    }

    /** @return the schema document itself, as shipped in the contract bundle */
    public JsonNode schemaJson() {
        return schemaJson;
    }

    /**
     * Validates a document.
     *
     * @param document the parsed document
     * @return every problem found, in document order; empty when the document is valid
     */
    public List<Problem> validate(JsonNode document) {
        List<Problem> problems = new ArrayList<>();
        for (Error error : schema.validate(document)) {
            problems.add(toProblem(error));
        }
        return problems;
    }

    private Problem toProblem(Error error) {
        String path = render(error.getInstanceLocation());
        String property = error.getProperty();
        String keyword = error.getKeyword() == null ? "" : error.getKeyword();
        boolean namesChild = property != null
                && (keyword.equals("required") || keyword.equals("additionalProperties")
                || keyword.equals("propertyNames") || keyword.equals("dependentRequired"));
        if (namesChild) {
            path = path.isEmpty() ? property : path + "." + property;
        }
        if (error.isCustomMessage()) {
            return new Problem(path, error.getMessage());
        }
        return new Problem(path, describe(keyword, error));
    }

    private String describe(String keyword, Error error) {
        Object[] args = error.getArguments() == null ? new Object[0] : error.getArguments();
        JsonNode limit = error.getSchemaNode();
        return switch (keyword) {
            case "required" -> "is required";
            case "additionalProperties" -> unknownField(error);
            case "minimum" -> "must be >= " + limit.asText();
            case "maximum" -> "must be <= " + limit.asText();
            case "exclusiveMinimum" -> "must be > " + limit.asText();
            case "exclusiveMaximum" -> "must be < " + limit.asText();
            case "type" -> args.length >= 2
                    ? "must be " + article(String.valueOf(args[1])) + ", not " + article(String.valueOf(args[0]))
                    : error.getMessage();
            case "enum" -> "must be one of: " + joinValues(limit);
            case "const" -> "must be " + limit.toString();
            case "minLength" -> limit.asInt() == 1 ? "must not be empty"
                    : "must be at least " + limit.asInt() + " characters long";
            case "maxLength" -> "must be at most " + limit.asInt() + " characters long";
            case "minItems" -> limit.asInt() == 1 ? "must have at least one item"
                    : "must have at least " + limit.asInt() + " items";
            case "maxItems" -> "must have at most " + limit.asInt() + " items";
            case "minProperties" -> "must have at least " + limit.asInt() + " field(s)";
            case "maxProperties" -> "must have at most " + limit.asInt() + " fields";
            case "pattern" -> "does not match the expected format " + limit.asText();
            case "uniqueItems" -> "must not repeat items";
            default -> error.getMessage();
        };
    }

    private String unknownField(Error error) {
        JsonNode parent = schemaNodeAt(error.getSchemaLocation().getFragment());
        JsonNode properties = parent == null ? null : parent.get("properties");
        if (properties == null || properties.isEmpty()) {
            return "is not a known field";
        }
        StringJoiner allowed = new StringJoiner(", ");
        properties.fieldNames().forEachRemaining(allowed::add);
        return "is not a known field (known fields: " + allowed + ")";
    }

    /** Finds the schema object that holds the failing keyword, from a location like {@code #/properties/run/additionalProperties}. */
    private JsonNode schemaNodeAt(NodePath fragment) {
        JsonNode node = schemaJson;
        int count = fragment.getNameCount();
        for (int i = 0; i < count - 1 && node != null; i++) {
            Object element = fragment.getElement(i);
            node = element instanceof Integer index ? node.get(index) : node.get(String.valueOf(element));
        }
        return node;
    }

    /** Renders an instance location as {@code sensors[1].count}; the document root is the empty string. */
    static String render(NodePath location) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            if (element instanceof Integer index) {
                out.append('[').append(index).append(']');
            } else {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(element);
            }
        }
        return out.toString();
    }

    private static String article(String type) {
        return switch (type) {
            case "integer", "object", "array" -> "an " + type;
            case "null" -> "empty";
            default -> "a " + type;
        };
    }

    private static String joinValues(JsonNode values) {
        StringJoiner joiner = new StringJoiner(", ");
        for (Iterator<JsonNode> it = values.elements(); it.hasNext(); ) {
            JsonNode value = it.next();
            joiner.add(value.isTextual() ? value.asText() : value.toString());
        }
        return joiner.toString();
    }
}
