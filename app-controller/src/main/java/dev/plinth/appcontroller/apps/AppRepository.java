package dev.plinth.appcontroller.apps;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import dev.plinth.appcontroller.store.Database;
import dev.plinth.contracts.state.AppDocument;
import dev.plinth.contracts.state.Collections;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code apps} collection. */
@Singleton
public class AppRepository {

    private final MongoCollection<Document> apps;

    public AppRepository(Database database) {
        this.apps = database.collection(Collections.APPS);
    }

    /** @return the app with this name, if any */
    public Optional<AppRecord> find(String name) {
        return Optional.ofNullable(apps.find(Filters.eq(AppDocument.ID, name)).first()).map(AppRepository::toRecord);
    }

    /**
     * @param owner only this developer's apps; null for every app
     * @return the apps, by name
     */
    public List<AppRecord> list(@Nullable String owner) {
        Bson filter = owner == null ? new Document() : Filters.eq(AppDocument.OWNER, owner);
        List<AppRecord> out = new ArrayList<>();
        for (Document doc : apps.find(filter).sort(Sorts.ascending(AppDocument.ID))) {
            out.add(toRecord(doc));
        }
        return out;
    }

    /**
     * Records a newly uploaded version on its app, creating the app when it is new. The name is
     * claimed atomically: when another owner holds it, nothing changes.
     *
     * @param name        the app
     * @param owner       who must own it
     * @param description the new version's description
     * @param version     the new version
     * @param now         the upload time
     * @return false when the name belongs to another owner
     * @throws RuntimeException on a database fault
     */
    public boolean recordUpload(String name, String owner, String description, String version, Instant now) {
        try {
            apps.updateOne(Filters.and(Filters.eq(AppDocument.ID, name), Filters.eq(AppDocument.OWNER, owner)),
                    new Document("$set", AppDocument.latestFields(version, description, now))
                            .append("$setOnInsert", AppDocument.createdFields(now)),
                    new UpdateOptions().upsert(true));
            return true;
        } catch (RuntimeException e) {
            // The upsert inserts {_id: name}; it collides only when another owner has the name.
            if (Database.duplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }

    /** Sets the latest version (null when none is left) and its description. */
    public void setLatest(String name, @Nullable String version, String description, Instant now) {
        apps.updateOne(Filters.eq(AppDocument.ID, name), new Document("$set", AppDocument.latestFields(version, description, now)));
    }

    /** @return whether the app was there to delete */
    public boolean delete(String name) {
        return apps.deleteOne(Filters.eq(AppDocument.ID, name)).getDeletedCount() > 0;
    }

    private static AppRecord toRecord(Document doc) {
        AppDocument app = AppDocument.read(doc);
        return new AppRecord(app.name(), app.owner(), app.description() == null ? "" : app.description(),
                app.createdAt(), app.updatedAt(), app.latestVersion());
    }
}
