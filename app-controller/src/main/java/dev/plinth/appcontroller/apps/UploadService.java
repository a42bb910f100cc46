package dev.plinth.appcontroller.apps;

import dev.plinth.appcontroller.store.AppLock;
import dev.plinth.appcontroller.store.Database;
import dev.plinth.appcontroller.upload.PackageInspector;
import dev.plinth.appcontroller.upload.PackageReport;
import dev.plinth.appcontroller.upload.UploadLimits;
import dev.plinth.contracts.artifacts.ArtifactStore;
import dev.plinth.contracts.descriptor.AppDescriptor;
import dev.plinth.contracts.descriptor.PackageRuntimes;
import dev.plinth.contracts.validation.Problem;
import dev.plinth.kit.errors.ApiException;
import dev.plinth.kit.security.Caller;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Turns an uploaded zip into a version: receive it into a temporary file (never more than the size
 * limit), inspect it, store the artifact, record the version and claim the app's name, announce it.
 *
 * <p>A refused or failed upload leaves nothing behind: the temporary file is always deleted, and an
 * artifact stored for a version that could not be recorded is removed again unless another version
 * uses the same package.</p>
 */
@Singleton
public class UploadService {

    /** The multipart form field that carries the package. */
    public static final String PART = "package";

    private static final Logger LOG = LoggerFactory.getLogger(UploadService.class);
    private static final int BUFFER = 64 * 1024;

    private final PackageInspector inspector;
    private final UploadLimits limits;
    private final ArtifactStore artifacts;
    private final AppRepository apps;
    private final VersionRepository versions;
    private final AppEvents events;
    private final UnusedArtifacts unused;
    private final AppLock lock;
    private final Clock clock;
    private final Path tempDirectory;

    public UploadService(PackageInspector inspector, UploadLimits limits, ArtifactStore artifacts, AppRepository apps,
                         VersionRepository versions, AppEvents events, UnusedArtifacts unused, AppLock lock, Clock clock,
                         @Value("${plinth.uploads.temp-directory:}") String tempDirectory) {
        this.inspector = inspector;
        this.limits = limits;
        this.artifacts = artifacts;
        this.apps = apps;
        this.versions = versions;
        this.events = events;
        this.unused = unused;
        this.lock = lock;
        this.clock = clock;
        this.tempDirectory = tempDirectory.isBlank() ? Path.of(System.getProperty("java.io.tmpdir")) : Path.of(tempDirectory);
    }

    /**
     * Receives and stores a package.
     *
     * @param caller who uploads
     * @param zip    the uploaded bytes, or null when the request carried no package
     * @return the new version
     * @throws ApiException 400 without a package, 413 when it is too large, 422 listing every problem
     *                      when it is refused, 409 when the version exists or the name is taken
     */
    public VersionRecord upload(Caller caller, @Nullable InputStream zip) {
        if (zip == null) {
            throw noPackage();
        }
        Path file = null;
        try {
            Files.createDirectories(tempDirectory);
            file = Files.createTempFile(tempDirectory, "plinth-upload-", ".zip");
            long size = receive(zip, file);
            if (size == 0) {
                throw noPackage();
            }
            PackageReport report = inspector.inspect(file, limits);
            if (report instanceof PackageReport.Accepted accepted) {
                return store(caller, accepted, file);
            }
            List<Problem> problems = report.problems();
            throw ApiException.invalid("the package was refused: " + problems.size()
                    + (problems.size() == 1 ? " problem" : " problems") + " to fix before uploading it again", problems);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot receive the upload: " + e.getMessage(), e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.warn("cannot delete the temporary upload {}: {}", file, e.getMessage());
                }
            }
        }
    }

    /**
     * Copies the upload to the file, writing nothing past the size limit. The rest of a package
     * that is too large is read and dropped (the server's request size limit bounds it), so the
     * client gets the 413 on a sound connection instead of a reset while it is still sending.
     */
    private long receive(InputStream zip, Path file) throws IOException {
        long max = limits.maxCompressedBytes();
        long total = 0;
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = zip; OutputStream out = Files.newOutputStream(file)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
                if (total > max) {
                    in.transferTo(OutputStream.nullOutputStream());
                    throw new ApiException(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "the package is larger than "
                            + PackageInspector.bytes(max) + ", the most a package may be; leave out what the app "
                            + "does not need to run (build caches, tests, sources)");
                }
                out.write(buffer, 0, n);
            }
        }
        return total;
    }

    private VersionRecord store(Caller caller, PackageReport.Accepted accepted, Path file) {
        AppDescriptor descriptor = accepted.descriptor();
        String name = descriptor.name();
        // Refuse what is bound to fail before copying the package anywhere.
        ownerFor(caller, name);
        if (versions.find(name, descriptor.version()).isPresent()) {
            throw versionExists(descriptor);
        }
        // The copy may be slow (a large package to Azure), so it happens outside the app's lock,
        // which must be held only briefly.
        putArtifact(file, accepted.sha256());
        return lock.withLock(name, () -> {
            String owner;
            try {
                owner = ownerFor(caller, name);
                if (versions.find(name, descriptor.version()).isPresent()) {
                    throw versionExists(descriptor);
                }
                // A failed upload of the same package may have removed it since it was copied.
                if (artifacts.find(accepted.sha256()).isEmpty()) {
                    putArtifact(file, accepted.sha256());
                }
            } catch (IOException | RuntimeException e) {
                unused.removeIfUnused(accepted.sha256());
                throw e instanceof IOException io ? storeUnavailable(io) : (RuntimeException) e;
            }
            Instant now = clock.instant();
            VersionRecord version = new VersionRecord(name, descriptor.version(), owner, accepted.sha256(),
                    accepted.compressedBytes(), accepted.uncompressedBytes(), accepted.entryCount(), descriptor,
                    accepted.runtimes(), now);
            try {
                versions.insert(version);
            } catch (RuntimeException e) {
                unused.removeIfUnused(accepted.sha256());
                throw Database.duplicateKey(e) ? versionExists(descriptor) : e;
            }
            boolean claimed;
            try {
                claimed = apps.recordUpload(name, owner, descriptor.description(), descriptor.version(), now);
            } catch (RuntimeException e) {
                undo(version);
                throw e;
            }
            if (!claimed) {
                undo(version);
                throw nameTaken(name);
            }
            events.versionReady(version);
            LOG.info("{} uploaded {} {} ({} bytes, sha256 {}, runs on {})", caller.name(), name, descriptor.version(),
                    accepted.compressedBytes(), accepted.sha256(), PackageRuntimes.describe(accepted.runtimes()));
            return version;
        });
    }

    private void putArtifact(Path file, String sha256) {
        try {
            artifacts.put(file, sha256);
        } catch (IOException e) {
            throw storeUnavailable(e);
        }
    }

    private static ApiException storeUnavailable(IOException e) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE,
                "the package is valid but could not be stored (" + e.getMessage() + "); upload it again later");
    }

    /** The owner the new version is recorded for: the app's owner, who must be the caller unless an admin uploads. */
    private String ownerFor(Caller caller, String name) {
        return apps.find(name).map(app -> {
            if (!caller.mayAccess(app.owner())) {
                throw nameTaken(name);
            }
            return app.owner();
        }).orElse(caller.name());
    }

    private void undo(VersionRecord version) {
        try {
            versions.delete(version.app(), version.version());
        } finally {
            unused.removeIfUnused(version.sha256());
        }
    }

    /** @return the answer to an upload request without a package */
    public static ApiException noPackage() {
        return ApiException.badRequest("send the app package (a .zip with plinth.yaml at its root) as the multipart "
                + "form field '" + PART + "', as in: curl -F package=@app.zip …/api/apps");
    }

    private static ApiException versionExists(AppDescriptor descriptor) {
        return ApiException.conflict("version " + descriptor.version() + " of " + descriptor.name()
                + " is already uploaded and versions never change; raise version in plinth.yaml and upload again");
    }

    private static ApiException nameTaken(String name) {
        return ApiException.conflict("the app name '" + name + "' belongs to another developer; choose another name in plinth.yaml");
    }
}
