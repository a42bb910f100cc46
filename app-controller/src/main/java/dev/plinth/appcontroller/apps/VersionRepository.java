package dev.plinth.appcontroller.apps;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.plinth.appcontroller.store.Database;
import dev.plinth.contracts.descriptor.AppDescriptor;
import dev.plinth.contracts.descriptor.PackageRuntimes;
import dev.plinth.contracts.state.Collections;
import jakarta.inject.Singleton;
import org.bson.Document;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code versions} collection. */
@Singleton
public class VersionRepository {

    /** The field with the runtimes a version runs on. */
    static final String RUNTIMES = "runtimes";

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
        versions.insertOne(new Document("_id", v.id())
                .append("app", v.app())
                .append("version", v.version())
                .append("owner", v.owner())
                .append("sha256", v.sha256())
                .append("sizeBytes", v.sizeBytes())
                .append("uncompressedBytes", v.uncompressedBytes())
                .append("entryCount", v.entryCount())
                .append("descriptor", DescriptorDocuments.toDocument(v.descriptor()))
                .append(RUNTIMES, v.runtimes())
                .append("uploadedAt", Database.date(v.uploadedAt())));
    }

    /** @return the version, if uploaded */
    public Optional<VersionRecord> find(String app, String version) {
        return Optional.ofNullable(versions.find(Filters.eq("_id", VersionRecord.idOf(app, version))).first())
                .map(VersionRepository::toRecord);
    }

    /** @return the app's versions, newest upload first */
    public List<VersionRecord> list(String app) {
        List<VersionRecord> out = new ArrayList<>();
        for (Document doc : versions.find(Filters.eq("app", app)).sort(Sorts.descending("uploadedAt"))) {
            out.add(toRecord(doc));
        }
        return out;
    }

    /** @return how many versions (of any app) have this package */
    public long countBySha256(String sha256) {
        return versions.countDocuments(Filters.eq("sha256", sha256));
    }

    /** @return whether the version was there to delete */
    public boolean delete(String app, String version) {
        return versions.deleteOne(Filters.eq("_id", VersionRecord.idOf(app, version))).getDeletedCount() > 0;
    }

    /** Deletes every version of an app. */
    public void deleteAll(String app) {
        versions.deleteMany(Filters.eq("app", app));
    }

    private static VersionRecord toRecord(Document doc) {
        AppDescriptor descriptor = DescriptorDocuments.fromDocument(doc.get("descriptor", Document.class));
        return new VersionRecord(doc.getString("app"), doc.getString("version"), doc.getString("owner"),
                doc.getString("sha256"), ((Number) doc.get("sizeBytes")).longValue(),
                ((Number) doc.get("uncompressedBytes")).longValue(), ((Number) doc.get("entryCount")).intValue(),
                descriptor, runtimes(doc.get(RUNTIMES), descriptor), Database.instant(doc, "uploadedAt"));
    }

    /**
     * A version stored before runtimes were recorded was uploaded when {@code run} needed a command or an image,
     * so its descriptor alone says where it runs (a Dockerfile counted for nothing then).
     */
    private static List<String> runtimes(Object stored, AppDescriptor descriptor) {
        if (stored instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return PackageRuntimes.of(descriptor.run(), false);
    }
}
