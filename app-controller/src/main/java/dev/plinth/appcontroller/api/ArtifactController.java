package dev.plinth.appcontroller.api;

import dev.plinth.contracts.artifacts.ArtifactNotFoundException;
import dev.plinth.contracts.artifacts.ArtifactStore;
import dev.plinth.contracts.artifacts.StoredArtifact;
import dev.plinth.kit.errors.ApiException;
import dev.plinth.kit.security.Roles;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;

import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Pattern;

/** Artifact downloads for node agents (and admins): the package of a version, by its sha256. */
@Controller("/api/artifacts")
@Secured({Roles.SERVICE, Roles.ADMIN})
@ExecuteOn(TaskExecutors.BLOCKING)
public class ArtifactController {

    /** The header carrying the artifact's sha256, for the downloader to check against. */
    public static final String SHA256_HEADER = "X-Plinth-Sha256";

    private static final Pattern SHA256 = Pattern.compile("^[0-9a-f]{64}$");

    private final ArtifactStore store;

    public ArtifactController(ArtifactStore store) {
        this.store = store;
    }

    /** Streams an artifact; 404 when there is none with that sha256. */
    @Get("/{sha256}")
    public HttpResponse<StreamedFile> download(String sha256) throws IOException {
        if (!SHA256.matcher(sha256).matches()) {
            throw ApiException.notFound("artifact '" + sha256 + "' (an artifact id is a sha256 in lower-case hex)");
        }
        StoredArtifact artifact = store.find(sha256).orElseThrow(() -> ApiException.notFound("artifact " + sha256));
        InputStream in;
        try {
            in = store.open(sha256);
        } catch (ArtifactNotFoundException e) {
            throw ApiException.notFound("artifact " + sha256);
        }
        StreamedFile file = new StreamedFile(in, MediaType.of("application/zip"), artifact.storedAt().toEpochMilli(),
                artifact.sizeBytes());
        return HttpResponse.status(HttpStatus.OK).body(file).header(SHA256_HEADER, sha256);
    }
}
