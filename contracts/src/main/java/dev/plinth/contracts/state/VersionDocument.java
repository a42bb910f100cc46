package dev.plinth.contracts.state;

import io.micronaut.core.annotation.Nullable;
import org.bson.Document;

import java.time.Instant;
import java.util.List;

import static dev.plinth.contracts.state.StoredFields.date;
import static dev.plinth.contracts.state.StoredFields.document;
import static dev.plinth.contracts.state.StoredFields.instant;
import static dev.plinth.contracts.state.StoredFields.longOr;
import static dev.plinth.contracts.state.StoredFields.strings;
import static dev.plinth.contracts.state.StoredFields.text;

/**
 * A document of the {@link Collections#VERSIONS} collection (docs/state-model.md): app-controller
 * inserts it when a version is uploaded (a version never changes afterwards) and deletes it;
 * sensor-manager reads the sensor and controller requirements of its {@code descriptor}. The field
 * names are the constants below; the descriptor inside is written and read by
 * {@link DescriptorDocument}.
 *
 * @param id                {@code {app}@{version}} ({@code _id})
 * @param app               the app, or null when missing
 * @param version           the version, or null when missing
 * @param owner             the app's owner, or null when missing
 * @param sha256            the package's sha256, its key in the artifact store, or null when missing
 * @param sizeBytes         the package's size, 0 when missing
 * @param uncompressedBytes what its entries unpack to, 0 when missing
 * @param entryCount        how many entries the package holds, 0 when missing
 * @param descriptor        the parsed {@code plinth.yaml} as stored ({@link DescriptorDocument}), or null
 * @param runtimes          the runtimes the upload found it runs on ({@code process}, {@code docker}), or null for
 *                          a version stored before they were recorded (its descriptor's {@code run} then says)
 * @param uploadedAt        when it was uploaded, or null when missing
 */
public record VersionDocument(String id, @Nullable String app, @Nullable String version, @Nullable String owner,
                              @Nullable String sha256, long sizeBytes, long uncompressedBytes, int entryCount,
                              @Nullable Document descriptor, @Nullable List<String> runtimes,
                              @Nullable Instant uploadedAt) {

    public static final String ID = "_id";
    public static final String APP = "app";
    public static final String VERSION = "version";
    public static final String OWNER = "owner";
    public static final String SHA256 = "sha256";
    public static final String SIZE_BYTES = "sizeBytes";
    public static final String UNCOMPRESSED_BYTES = "uncompressedBytes";
    public static final String ENTRY_COUNT = "entryCount";
    public static final String DESCRIPTOR = "descriptor";
    public static final String RUNTIMES = "runtimes";
    public static final String UPLOADED_AT = "uploadedAt";

    /** @return the document id of a version of an app, {@code {app}@{version}} */
    public static String idOf(String app, String version) {
        return app + "@" + version;
    }

    /**
     * @param doc a stored document, whole or projected: a field it lacks (or holds with an unexpected
     *            type) reads as null or zero; text fields of another type read as their text
     * @return the version it describes
     */
    public static VersionDocument read(Document doc) {
        return new VersionDocument(String.valueOf(doc.get(ID)), text(doc.get(APP)), text(doc.get(VERSION)),
                text(doc.get(OWNER)), text(doc.get(SHA256)), longOr(doc.get(SIZE_BYTES), 0),
                longOr(doc.get(UNCOMPRESSED_BYTES), 0), (int) longOr(doc.get(ENTRY_COUNT), 0),
                document(doc.get(DESCRIPTOR)), doc.get(RUNTIMES) instanceof List<?> ? strings(doc.get(RUNTIMES)) : null,
                instant(doc.get(UPLOADED_AT)));
    }

    /**
     * @param descriptor the descriptor, as {@link DescriptorDocument#write} made it
     * @param runtimes   the runtimes the package runs on
     * @return app-controller's new version, every field present, to insert
     */
    public static Document uploaded(String app, String version, String owner, String sha256, long sizeBytes,
                                    long uncompressedBytes, int entryCount, Document descriptor, List<String> runtimes,
                                    Instant uploadedAt) {
        return new Document(ID, idOf(app, version))
                .append(APP, app)
                .append(VERSION, version)
                .append(OWNER, owner)
                .append(SHA256, sha256)
                .append(SIZE_BYTES, sizeBytes)
                .append(UNCOMPRESSED_BYTES, uncompressedBytes)
                .append(ENTRY_COUNT, entryCount)
                .append(DESCRIPTOR, descriptor)
                .append(RUNTIMES, List.copyOf(runtimes))
                .append(UPLOADED_AT, date(uploadedAt));
    }
}
