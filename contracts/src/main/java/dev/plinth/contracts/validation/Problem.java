package dev.plinth.contracts.validation;

import io.micronaut.serde.annotation.Serdeable;

/**
 * One thing wrong with a document a user gave Plinth, and where.
 *
 * @param path    where in the document, as {@code sensors[1].count}; empty for the whole document,
 *                or a file name for problems that are not inside a document
 * @param message what is wrong, written so the user knows what to fix
 */
@Serdeable
public record Problem(String path, String message) {

    /** Renders the problem as {@code path: message}, or only the message when there is no path. */
    @Override
    public String toString() {
        return path == null || path.isEmpty() ? message : path + ": " + message;
    }
}
