package dev.plinth.contracts.validation;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.yaml.snakeyaml.LoaderOptions;

import java.util.List;

/**
 * Reads YAML written by users into a tree, refusing what could hurt the reader: duplicate keys,
 * alias bombs, documents that are too large or nested too deeply.
 */
public final class YamlDocuments {

    /** The largest YAML document Plinth reads. */
    public static final int MAX_DOCUMENT_CHARS = 1024 * 1024;

    private static final ObjectMapper MAPPER = createMapper();

    private YamlDocuments() {
    }

    private static ObjectMapper createMapper() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(20);
        options.setNestingDepthLimit(40);
        options.setCodePointLimit(MAX_DOCUMENT_CHARS);
        YAMLFactory factory = YAMLFactory.builder()
                .loaderOptions(options)
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(40).build())
                .build();
        ObjectMapper mapper = new ObjectMapper(factory);
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        return mapper;
    }

    /**
     * Parses a YAML document.
     *
     * @param what the document's name for messages, as {@code plinth.yaml}
     * @param text the YAML text
     * @return the document as a tree
     * @throws InvalidDocumentException when the text is not one YAML mapping
     */
    public static JsonNode read(String what, String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidDocumentException(what, List.of(new Problem("", "is empty")));
        }
        if (text.length() > MAX_DOCUMENT_CHARS) {
            throw new InvalidDocumentException(what, List.of(new Problem("",
                    "is larger than " + MAX_DOCUMENT_CHARS + " characters")));
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidDocumentException(what, List.of(new Problem("", "is not valid YAML: " + describe(e))));
        }
        if (node == null || !node.isObject()) {
            throw new InvalidDocumentException(what, List.of(new Problem("",
                    "must be a YAML mapping of fields (key: value), not " + (node == null ? "nothing" : node.getNodeType().toString().toLowerCase()))));
        }
        return node;
    }

    private static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && (message == null || message.isBlank())) {
            message = cause.getMessage();
        }
        message = message == null ? "unreadable" : message.lines().findFirst().orElse(message).trim();
        JsonLocation location = e.getLocation();
        if (location != null && location.getLineNr() > 0) {
            return "line " + location.getLineNr() + ", column " + location.getColumnNr() + ": " + message;
        }
        return message;
    }
}
