package dev.plinth.contracts.state;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class VersionDocumentTest {

    private static final Instant UPLOADED = Instant.parse("2026-12-02T10:00:00Z");

    /** The stored spelling (docs/state-model.md): documents already in a database use it. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"_id, " + VersionDocument.ID, "app, " + VersionDocument.APP, "version, " + VersionDocument.VERSION,
            "owner, " + VersionDocument.OWNER, "sha256, " + VersionDocument.SHA256, "sizeBytes, " + VersionDocument.SIZE_BYTES,
            "uncompressedBytes, " + VersionDocument.UNCOMPRESSED_BYTES, "entryCount, " + VersionDocument.ENTRY_COUNT,
            "descriptor, " + VersionDocument.DESCRIPTOR, "runtimes, " + VersionDocument.RUNTIMES,
            "uploadedAt, " + VersionDocument.UPLOADED_AT})
    void fieldsKeepTheirStoredNames(String stored, String constant) {
        assertEquals(stored, constant);
    }

    @Test
    void theIdIsAppAtVersion() {
        assertEquals("shop@1.0.0-beta.1", VersionDocument.idOf("shop", "1.0.0-beta.1"));
    }

    @Test
    void whatAnUploadWritesTheReaderReadsBack() {
        Document descriptor = new Document(DescriptorDocument.NAME, "shop").append(DescriptorDocument.SENSORS, List.of());
        Document stored = VersionDocument.uploaded("shop", "1.0.0", "ada", "ab12", 2048, 4096, 3, descriptor,
                List.of("process", "docker"), UPLOADED);

        assertEquals(List.of("_id", "app", "version", "owner", "sha256", "sizeBytes", "uncompressedBytes", "entryCount",
                "descriptor", "runtimes", "uploadedAt"), List.copyOf(stored.keySet()));
        assertEquals(Date.from(UPLOADED), stored.get(VersionDocument.UPLOADED_AT), "a BSON date");
        assertEquals(new VersionDocument("shop@1.0.0", "shop", "1.0.0", "ada", "ab12", 2048, 4096, 3, descriptor,
                        List.of("process", "docker"), UPLOADED),
                VersionDocument.read(stored));
    }

    @Test
    void aProjectionReadsAsNullOrZero() {
        // Numbers of any type; a descriptor that is not a document is none.
        Document odd = new Document(VersionDocument.ID, "shop@1.0.0").append(VersionDocument.SIZE_BYTES, 5)
                .append(VersionDocument.ENTRY_COUNT, 2L).append(VersionDocument.DESCRIPTOR, "not a document");
        assertEquals(new VersionDocument("shop@1.0.0", null, null, null, null, 5, 0, 2, null, null, null),
                VersionDocument.read(odd), "runtimes not recorded read as null, for the descriptor to decide");
    }
}
