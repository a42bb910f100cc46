package dev.plinth.appcontroller.apps;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.plinth.appcontroller.store.Database;
import dev.plinth.contracts.descriptor.AppDescriptor;
import dev.plinth.contracts.descriptor.PackageRuntimes;
import dev.plinth.contracts.state.Collections;
import dev.plinth.contracts.state.DescriptorDocument;
import dev.plinth.contracts.state.VersionDocument;
import jakarta.inject.Singleton;
import org.bson.Document;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code versions} collection. */
@Singleton
public class VersionRepository {

    private final MongoCollection<Document> versions;

    public VersionRepository(Database database) {
        this.versions = database.collection(Collections.VERSIONS);
    }

    /**
     * Inserts a version.
     *
     * @throws RuntimeException a duplicate-key error ({@link Database#duplicateKey}) when it exists
     */
    public void insert(VersionRecord v) {
        versions.insertOne(VersionDocument.uploaded(v.app(), v.version(), v.owner(), v.sha256(), v.sizeBytes(),
                v.uncompressedBytes(), v.entryCount(), DescriptorDocument.write(v.descriptor()), v.runtimes(), v.uploadedAt()));
    }

    /** @return the version, if uploaded */
    public Optional<VersionRecord> find(String app, String version) {
        return Optional.ofNullable(versions.find(Filters.eq(VersionDocument.ID, VersionRecord.idOf(app, version))).first())
                .map(VersionRepository::toRecord);
    }

    /** @return the app's versions, newest upload first */
    public List<VersionRecord> list(String app) {
        List<VersionRecord> out = new ArrayList<>();
        for (Document doc : versions.find(Filters.eq(VersionDocument.APP, app)).sort(Sorts.descending(VersionDocument.UPLOADED_AT))) {
            out.add(toRecord(doc));
        }
        return out;
    }

    /** @return how many versions (of any app) have this package */
    public long countBySha256(String sha256) {
        return versions.countDocuments(Filters.eq(VersionDocument.SHA256, sha256));
    }

    /** @return whether the version was there to delete */
    public boolean delete(String app, String version) {
        return versions.deleteOne(Filters.eq(VersionDocument.ID, VersionRecord.idOf(app, version))).getDeletedCount() > 0;
    }

    /** Deletes every version of an app. */
    public void deleteAll(String app) {
        versions.deleteMany(Filters.eq(VersionDocument.APP, app));
    }

    private static VersionRecord toRecord(Document doc) {
        VersionDocument v = VersionDocument.read(doc);
        AppDescriptor descriptor = DescriptorDocument.read(v.descriptor());
        return new VersionRecord(v.app(), v.version(), v.owner(), v.sha256(), v.sizeBytes(), v.uncompressedBytes(),
                v.entryCount(), descriptor, runtimes(v.runtimes(), descriptor), v.uploadedAt());
    }

    /**
     * A version stored before runtimes were recorded was uploaded when {@code run} needed a command or an image,
     * so its descriptor alone says where it runs (a Dockerfile counted for nothing then).
     */
    private static List<String> runtimes(List<String> stored, AppDescriptor descriptor) {
        return stored != null ? stored : PackageRuntimes.of(descriptor.run(), false);
    }
}
