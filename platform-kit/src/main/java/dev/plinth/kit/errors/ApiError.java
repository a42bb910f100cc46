package dev.plinth.kit.errors;

import dev.plinth.contracts.validation.Problem;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * The body of every error answer of every Plinth API.
 *
 * @param status   the HTTP status code
 * @param error    the HTTP reason phrase
 * @param message  what went wrong and what to do about it
 * @param problems every problem found in the request, by path; empty when there is no detail
 */
@Serdeable
public record ApiError(int status, String error, String message, List<Problem> problems) {

    public ApiError {
        problems = problems == null ? List.of() : List.copyOf(problems);
    }
}
