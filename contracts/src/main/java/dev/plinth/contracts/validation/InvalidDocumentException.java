package dev.plinth.contracts.validation;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when a document a user gave Plinth breaks its schema or rules. It carries every
 * problem found, not only the first, so the user can fix them all in one go.
 */
public class InvalidDocumentException extends RuntimeException {

    private final List<Problem> problems;

    /**
     * @param what     the document, as {@code plinth.yaml} or {@code inventory nodes.yaml}
     * @param problems every problem found, at least one
     */
    public InvalidDocumentException(String what, List<Problem> problems) {
        super(what + " is invalid:\n" + problems.stream()
                .map(p -> "  - " + p)
                .collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    /** @return every problem found, in document order */
    public List<Problem> problems() {
        return problems;
    }
}
