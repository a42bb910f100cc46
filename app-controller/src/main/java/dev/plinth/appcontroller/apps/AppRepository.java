package dev.plinth.appcontroller.apps;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.plinth.appcontroller.store.Database;
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
        return Optional.ofNullable(apps.find(Filters.eq("_id", name)).first()).map(AppRepository::toRecord);
    }

    /**
     * @param owner only this developer's apps; null for every app
     * @return the apps, by name
     */
    public List<AppRecord> list(@Nullable String owner) {
        Bson filter = owner == null ? new Document() : Filters.eq("owner", owner);
        List<AppRecord> out = new ArrayList<>();
        for (Document doc : apps.find(filter).sort(Sorts.ascending("_id"))) {
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
            apps.updateOne(Filters.and(Filters.eq("_id", name), Filters.eq("owner", owner)),
                    Updates.combine(
                            Updates.set("description", description),
                            Updates.set("latestVersion", version),
                            Updates.set("updatedAt", Database.date(now)),
                            Updates.setOnInsert("createdAt", Database.date(now))),
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
        apps.updateOne(Filters.eq("_id", name), Updates.combine(
                Updates.set("latestVersion", version),
                Updates.set("description", description),
                Updates.set("updatedAt", Database.date(now))));
    }

    /** @return whether the app was there to delete */
    public boolean delete(String name) {
        return apps.deleteOne(Filters.eq("_id", name)).getDeletedCount() > 0;
    }

    private static AppRecord toRecord(Document doc) {
        return new AppRecord(doc.getString("_id"), doc.getString("owner"), doc.get("description", ""),
                Database.instant(doc, "createdAt"), Database.instant(doc, "updatedAt"), doc.getString("latestVersion"));
    }
}
