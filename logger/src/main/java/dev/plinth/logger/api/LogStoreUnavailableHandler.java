package dev.plinth.logger.api;

import com.mongodb.MongoException;
import dev.plinth.kit.errors.ApiError;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers 503 when MongoDB cannot answer a search, instead of a bare 500. */
@Produces
@Singleton
public class LogStoreUnavailableHandler implements ExceptionHandler<MongoException, HttpResponse<ApiError>> {

    private static final Logger LOG = LoggerFactory.getLogger(LogStoreUnavailableHandler.class);

    @Override
    public HttpResponse<ApiError> handle(HttpRequest request, MongoException exception) {
        LOG.warn("{} {} failed: MongoDB did not answer: {}", request.getMethodName(), request.getPath(), exception.getMessage());
        HttpStatus status = HttpStatus.SERVICE_UNAVAILABLE;
        return HttpResponse.<ApiError>status(status).body(new ApiError(status.getCode(), status.getReason(),
                "the log store is unavailable; try again shortly", null));
    }
}
