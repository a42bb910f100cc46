package dev.plinth.contracts.state;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.Date;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AppDocumentTest {

    private static final Instant CREATED = Instant.parse("2026-12-02T10:00:00Z");
    private static final Instant UPDATED = Instant.parse("2026-12-02T11:00:00Z");

    /** The stored spelling (docs/state-model.md): documents already in a database use it. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"_id, " + AppDocument.ID, "owner, " + AppDocument.OWNER, "description, " + AppDocument.DESCRIPTION,
            "createdAt, " + AppDocument.CREATED_AT, "updatedAt, " + AppDocument.UPDATED_AT,
            "latestVersion, " + AppDocument.LATEST_VERSION})
    void fieldsKeepTheirStoredNames(String stored, String constant) {
        assertEquals(stored, constant);
    }

    @Test
    void whatAnUploadWritesTheReaderReadsBack() {
        Document stored = new Document(AppDocument.ID, "shop").append(AppDocument.OWNER, "ada");
        stored.putAll(AppDocument.createdFields(CREATED));
        stored.putAll(AppDocument.latestFields("1.2.0", "A shop.", UPDATED));

        assertEquals(new AppDocument("shop", "ada", "A shop.", CREATED, UPDATED, "1.2.0"), AppDocument.read(stored));
        assertEquals(Date.from(CREATED), stored.get(AppDocument.CREATED_AT), "a BSON date");
        assertEquals(Date.from(UPDATED), stored.get(AppDocument.UPDATED_AT), "a BSON date");
    }

    @Test
    void anAppWithoutVersionsHasNoLatest() {
        Document fields = AppDocument.latestFields(null, "", UPDATED);
        assertEquals(new Document(AppDocument.DESCRIPTION, "").append(AppDocument.LATEST_VERSION, null)
                .append(AppDocument.UPDATED_AT, Date.from(UPDATED)), fields);
    }

    @Test
    void aProjectionReadsAsNull() {
        assertEquals(new AppDocument("shop", "ada", null, null, null, null),
                AppDocument.read(new Document(AppDocument.ID, "shop").append(AppDocument.OWNER, "ada")));
        assertEquals(new AppDocument("shop", null, null, null, null, null),
                AppDocument.read(new Document(AppDocument.ID, "shop").append(AppDocument.CREATED_AT, "not a date")));
    }
}
