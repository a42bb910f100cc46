package dev.plinth.kit.errors;

import dev.plinth.contracts.validation.Problem;
import io.micronaut.http.HttpStatus;

import java.util.List;

/**
 * A request Plinth refuses, with the status to answer and what the caller should fix.
 * Thrown by services; turned into an {@link ApiError} answer.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final List<Problem> problems;

    public ApiException(HttpStatus status, String message) {
        this(status, message, List.of());
    }

    public ApiException(HttpStatus status, String message, List<Problem> problems) {
        super(message);
        this.status = status;
        this.problems = List.copyOf(problems);
    }

    public HttpStatus status() {
        return status;
    }

    public List<Problem> problems() {
        return problems;
    }

    /** @return a 404 saying what was not found */
    public static ApiException notFound(String what) {
        return new ApiException(HttpStatus.NOT_FOUND, what + " was not found");
    }

    /** @return a 409 explaining the conflict */
    public static ApiException conflict(String message) {
        return new ApiException(HttpStatus.CONFLICT, message);
    }

    /** @return a 400 for a request that cannot be understood */
    public static ApiException badRequest(String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, message);
    }

    /** @return a 422 for a request that was understood but is invalid, with each problem */
    public static ApiException invalid(String message, List<Problem> problems) {
        return new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, message, problems);
    }
}
