package dev.plinth.appcontroller.apps;

import dev.plinth.contracts.descriptor.AppDescriptor;
import dev.plinth.contracts.descriptor.PackageRuntimes;
import dev.plinth.contracts.state.VersionDocument;

import java.time.Instant;
import java.util.List;

/**
 * An uploaded version, as kept in the {@code versions} collection.
 *
 * @param app               the app's name
 * @param version           the version, from the descriptor
 * @param owner             the app's owner
 * @param sha256            the package's sha256, its key in the artifact store
 * @param sizeBytes         the size of the package
 * @param uncompressedBytes what its entries unpack to
 * @param entryCount        how many entries the zip holds
 * @param descriptor        the parsed {@code plinth.yaml}, defaults filled in
 * @param runtimes          the runtimes it can run on, as the upload found them ({@link PackageRuntimes})
 * @param uploadedAt        when it was uploaded
 */
public record VersionRecord(String app, String version, String owner, String sha256, long sizeBytes,
                            long uncompressedBytes, int entryCount, AppDescriptor descriptor, List<String> runtimes,
                            Instant uploadedAt) {

    public VersionRecord {
        runtimes = PackageRuntimes.ordered(runtimes);
    }

    /** @return the document id, {@code {app}@{version}} */
    public String id() {
        return idOf(app, version);
    }

    /** @return the document id of a version */
    public static String idOf(String app, String version) {
        return VersionDocument.idOf(app, version);
    }
}
