package dev.plinth.kit.errors;

import dev.plinth.contracts.validation.InvalidDocumentException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Answers an invalid user document with 422 and every problem found in it. */
@Produces
@Singleton
public class InvalidDocumentHandler implements ExceptionHandler<InvalidDocumentException, HttpResponse<ApiError>> {

    @Override
    public HttpResponse<ApiError> handle(HttpRequest request, InvalidDocumentException exception) {
        HttpStatus status = HttpStatus.UNPROCESSABLE_ENTITY;
        String firstLine = exception.getMessage().lines().findFirst().orElse("invalid document");
        return HttpResponse.<ApiError>status(status)
                .body(new ApiError(status.getCode(), status.getReason(), firstLine, exception.problems()));
    }
}
