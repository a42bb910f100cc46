package dev.plinth.appcontroller.api;

import dev.plinth.appcontroller.apps.AppService;
import dev.plinth.appcontroller.apps.UploadService;
import dev.plinth.appcontroller.apps.VersionRecord;
import dev.plinth.kit.security.Caller;
import dev.plinth.kit.security.Roles;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;

import java.io.InputStream;
import java.net.URI;
import java.util.List;

/** Uploading apps, and reading and deleting apps and versions. */
@Controller("/api/apps")
@Secured({Roles.DEVELOPER, Roles.ADMIN})
@ExecuteOn(TaskExecutors.BLOCKING)
public class AppController {

    private final UploadService uploads;
    private final AppService apps;
    private final AppResponses responses;

    public AppController(UploadService uploads, AppService apps, AppResponses responses) {
        this.uploads = uploads;
        this.apps = apps;
        this.responses = responses;
    }

    /**
     * Uploads a package, streamed to a temporary file as it arrives: the raw body is read as a
     * multipart form by {@link MultipartPackage}, which finds the field {@code package}.
     *
     * @param contentType the form's Content-Type, with its boundary
     * @param body        the raw request body
     * @return 201 with the new version
     */
    @Post(consumes = MediaType.MULTIPART_FORM_DATA)
    public HttpResponse<AppResponses.VersionView> upload(@Header(HttpHeaders.CONTENT_TYPE) @Nullable String contentType,
                                                         @Body InputStream body, Authentication authentication) {
        try (InputStream raw = body) {
            InputStream pkg = MultipartPackage.field(contentType, raw, UploadService.PART);
            VersionRecord v = uploads.upload(Caller.of(authentication), pkg);
            return HttpResponse.created(responses.version(v, true), URI.create("/api/apps/" + v.app() + "/versions/" + v.version()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * A package sent as the raw body (as {@code curl --data-binary} does) or as a form without
     * files: answered with how to send it instead of a bare 415.
     */
    @Post(consumes = {"application/zip", MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_FORM_URLENCODED,
            MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    public HttpResponse<AppResponses.VersionView> uploadWithoutForm() {
        throw UploadService.noPackage();
    }

    /** @return the caller's apps, every app for an admin */
    @Get
    public List<AppResponses.AppView> list(Authentication authentication) {
        return apps.list(Caller.of(authentication)).stream().map(responses::app).toList();
    }

    /** @return one app */
    @Get("/{name}")
    public AppResponses.AppView get(String name, Authentication authentication) {
        return responses.app(apps.get(Caller.of(authentication), name));
    }

    /** @return the app's versions, newest first */
    @Get("/{name}/versions")
    public List<AppResponses.VersionView> versions(String name, Authentication authentication) {
        return apps.versions(Caller.of(authentication), name).stream().map(v -> responses.version(v, false)).toList();
    }

    /** @return one version with its descriptor */
    @Get("/{name}/versions/{version}")
    public AppResponses.VersionView version(String name, String version, Authentication authentication) {
        return responses.version(apps.version(Caller.of(authentication), name, version), true);
    }

    /** Deletes the app; 409 while anything of it is deployed or scheduled. */
    @Delete("/{name}")
    public HttpResponse<Void> delete(String name, Authentication authentication) {
        apps.delete(Caller.of(authentication), name);
        return HttpResponse.noContent();
    }

    /** Deletes a version; 409 while it is deployed or scheduled. */
    @Delete("/{name}/versions/{version}")
    public HttpResponse<Void> deleteVersion(String name, String version, Authentication authentication) {
        apps.deleteVersion(Caller.of(authentication), name, version);
        return HttpResponse.noContent();
    }
}
