package dev.plinth.kit.errors;

import dev.plinth.contracts.validation.Problem;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * Gives Micronaut's own error answers (bad JSON, a missing parameter, a constraint violation, an
 * unknown route, a refused token) the same {@link ApiError} body as Plinth's.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
public class ApiErrorResponseProcessor implements ErrorResponseProcessor<ApiError> {

    @Override
    public MutableHttpResponse<ApiError> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        HttpStatus status = response.getStatus();
        List<Problem> problems = context.getErrors().stream()
                .map(e -> new Problem(e.getPath().orElse(""), e.getMessage()))
                .toList();
        String message = switch (status) {
            case UNAUTHORIZED -> "sign in first: send a bearer token or the session cookie";
            case FORBIDDEN -> "your account is not allowed to do this";
            case NOT_FOUND -> "no such resource: " + context.getRequest().getPath();
            case METHOD_NOT_ALLOWED -> context.getRequest().getMethodName() + " is not allowed on " + context.getRequest().getPath();
            default -> problems.size() == 1 ? problems.get(0).message()
                    : problems.isEmpty() ? status.getReason() : "the request has " + problems.size() + " problems";
        };
        if (problems.size() == 1 && problems.get(0).message().equals(message) && problems.get(0).path().isEmpty()) {
            problems = List.of();
        }
        return response.contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(new ApiError(status.getCode(), status.getReason(), message, problems));
    }
}
