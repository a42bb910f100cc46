package dev.plinth.contracts.state;

import io.micronaut.core.annotation.Nullable;
import org.bson.Document;

import java.time.Instant;

import static dev.plinth.contracts.state.StoredFields.date;
import static dev.plinth.contracts.state.StoredFields.instant;
import static dev.plinth.contracts.state.StoredFields.text;

/**
 * A document of the {@link Collections#APPS} collection (docs/state-model.md): app-controller writes
 * it when a version is uploaded or deleted; sensor-manager, the monitor, the logger and the
 * api-gateway read who owns an app, when it was created and which apps there are. The field names
 * are the constants below, and writers and readers go through {@link #read} and the writers here, so
 * a renamed field is renamed for all.
 *
 * @param name          the app's name ({@code _id}), unique on the platform
 * @param owner         the developer who uploaded it first, or null when missing
 * @param description   the latest version's description, or null when missing
 * @param createdAt     when its first version was uploaded, or null when missing
 * @param updatedAt     when it last changed, or null when missing
 * @param latestVersion the most recently uploaded version still kept; null when none is left
 */
public record AppDocument(String name, @Nullable String owner, @Nullable String description, @Nullable Instant createdAt,
                          @Nullable Instant updatedAt, @Nullable String latestVersion) {

    public static final String ID = "_id";
    public static final String OWNER = "owner";
    public static final String DESCRIPTION = "description";
    public static final String CREATED_AT = "createdAt";
    public static final String UPDATED_AT = "updatedAt";
    public static final String LATEST_VERSION = "latestVersion";

    /**
     * @param doc a stored document, whole or projected: a field it lacks (or holds with an unexpected
     *            type) reads as null; text fields of another type read as their text
     * @return the app it describes
     */
    public static AppDocument read(Document doc) {
        return new AppDocument(String.valueOf(doc.get(ID)), text(doc.get(OWNER)), text(doc.get(DESCRIPTION)),
                instant(doc.get(CREATED_AT)), instant(doc.get(UPDATED_AT)), text(doc.get(LATEST_VERSION)));
    }

    /**
     * @param version     the newest version, or null when none is left
     * @param description its description
     * @param now         the time of the change
     * @return what an upload or a deleted version changes, to {@code $set}
     */
    public static Document latestFields(@Nullable String version, String description, Instant now) {
        return new Document(DESCRIPTION, description).append(LATEST_VERSION, version).append(UPDATED_AT, date(now));
    }

    /** @return what the first upload of an app sets besides {@link #latestFields}, to {@code $setOnInsert} */
    public static Document createdFields(Instant now) {
        return new Document(CREATED_AT, date(now));
    }
}
