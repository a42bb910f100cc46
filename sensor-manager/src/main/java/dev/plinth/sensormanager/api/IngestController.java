package dev.plinth.sensormanager.api;

import dev.plinth.kit.errors.ApiError;
import dev.plinth.kit.errors.ApiException;
import dev.plinth.sensormanager.ingest.Ingestion;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /api/ingest/{id}}: a reading from a device over HTTP, with
 * {@code Authorization: Bearer {device token}}. Not behind user sign-in: the device token is checked
 * here. 202 {@code {readingId}} once Kafka has the reading; 401 for an unknown device or a wrong
 * token (the same answer for both); 422 for a reading that does not match the device's type; 503
 * when Kafka cannot take it.
 */
@Controller("/api/ingest")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
public class IngestController {

    private static final String BEARER = "Bearer ";

    private final Ingestion ingestion;

    public IngestController(Ingestion ingestion) {
        this.ingestion = ingestion;
    }

    @Post("/{id}")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
    public CompletableFuture<HttpResponse<?>> ingest(@PathVariable String id,
                                                                       @Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                                                                       @Nullable @Body byte[] body) {
        String token = authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? authorization.substring(BEARER.length()).trim() : null;
        if (token == null || token.isEmpty()) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, "send the device's token as Authorization: Bearer {token}");
        }
        Ingestion.Outcome outcome = ingestion.fromHttp(id, token, body == null ? new byte[0] : body);
        switch (outcome.verdict()) {
            case UNKNOWN_DEVICE, WRONG_TOKEN -> throw new ApiException(HttpStatus.UNAUTHORIZED,
                    "unknown device or wrong token: send a registered device's id in the path and its token as the bearer token");
            case INVALID -> throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "the reading was refused: " + outcome.problem());
            default -> {
            }
        }
        return outcome.sent().handle((ok, error) -> {
            if (error != null) {
                HttpStatus status = HttpStatus.SERVICE_UNAVAILABLE;
                return HttpResponse.status(status).body(new ApiError(status.getCode(), status.getReason(),
                        "the reading could not be stored now; send it again", List.of()));
            }
            return HttpResponse.accepted().body(new SensorResponses.AcceptedView(outcome.readingId()));
        });
    }
}
