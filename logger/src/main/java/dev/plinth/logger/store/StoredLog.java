package dev.plinth.logger.store;

import dev.plinth.contracts.events.LogRecord;
import dev.plinth.contracts.events.LogRecord.SourceKind;
import org.bson.Document;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;

/**
 * A log line as the logger keeps it: the {@link LogRecord} that came in, with the id it is stored
 * under and when it arrived. Times are held to the millisecond, as MongoDB stores them.
 *
 * @param id         unique and stable: the same Kafka record always gets the same id
 * @param time       when it was written
 * @param sourceKind who wrote it
 * @param sourceName the subsystem, agent or instance name
 * @param app        the app, for instance lines; else null
 * @param instanceId the instance, for instance lines; else null
 * @param nodeId     the node, for agent and instance lines; else null
 * @param level      the level
 * @param message    the line
 * @param receivedAt when the logger took it from Kafka
 */
public record StoredLog(String id, Instant time, SourceKind sourceKind, String sourceName, String app,
                        String instanceId, String nodeId, LogLevel level, String message, Instant receivedAt) {

    /** The longest message kept; longer ones are cut with a note of how much was left out. */
    public static final int MAX_MESSAGE_CHARS = 32 * 1024;

    public StoredLog {
        time = time.truncatedTo(ChronoUnit.MILLIS);
        receivedAt = receivedAt.truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * @param id         the id to store it under
     * @param record     what came in; it must name its source
     * @param receivedAt when it came in, also its time when it carries none
     * @return the line to store
     * @throws IllegalArgumentException when the record does not say who wrote it
     */
    public static StoredLog of(String id, LogRecord record, Instant receivedAt) {
        if (record.sourceKind() == null) {
            throw new IllegalArgumentException("sourceKind is missing");
        }
        if (record.sourceName() == null || record.sourceName().isBlank()) {
            throw new IllegalArgumentException("sourceName is missing");
        }
        String message = record.message() == null ? "" : record.message();
        if (message.length() > MAX_MESSAGE_CHARS) {
            int cut = Character.isHighSurrogate(message.charAt(MAX_MESSAGE_CHARS - 1)) ? MAX_MESSAGE_CHARS - 1 : MAX_MESSAGE_CHARS;
            message = message.substring(0, cut) + " … [" + (message.length() - cut) + " more characters]";
        }
        return new StoredLog(id, record.time() == null ? receivedAt : record.time(), record.sourceKind(),
                record.sourceName(), blankToNull(record.app()), blankToNull(record.instanceId()),
                blankToNull(record.nodeId()), LogLevel.normalize(record.level()), message, receivedAt);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** @return the MongoDB document; absent fields are left out */
    public Document toDocument() {
        Document doc = new Document("_id", id)
                .append(Fields.TIME, Date.from(time))
                .append(Fields.SOURCE_KIND, sourceKind.name())
                .append(Fields.SOURCE_NAME, sourceName);
        if (app != null) {
            doc.append(Fields.APP, app);
        }
        if (instanceId != null) {
            doc.append(Fields.INSTANCE_ID, instanceId);
        }
        if (nodeId != null) {
            doc.append(Fields.NODE_ID, nodeId);
        }
        return doc.append(Fields.LEVEL, level.name())
                .append(Fields.MESSAGE, message)
                .append(Fields.RECEIVED_AT, Date.from(receivedAt));
    }

    /**
     * @param doc a document of the {@code logs} collection
     * @return the line it holds
     */
    public static StoredLog fromDocument(Document doc) {
        Date received = doc.getDate(Fields.RECEIVED_AT);
        Date time = doc.getDate(Fields.TIME);
        return new StoredLog(doc.get("_id").toString(), time.toInstant(),
                SourceKind.valueOf(doc.getString(Fields.SOURCE_KIND)), doc.getString(Fields.SOURCE_NAME),
                doc.getString(Fields.APP), doc.getString(Fields.INSTANCE_ID), doc.getString(Fields.NODE_ID),
                LogLevel.normalize(doc.getString(Fields.LEVEL)), doc.getString(Fields.MESSAGE),
                received == null ? time.toInstant() : received.toInstant());
    }

    /** Field names in the {@code logs} collection. */
    public static final class Fields {
        public static final String TIME = "time";
        public static final String SOURCE_KIND = "sourceKind";
        public static final String SOURCE_NAME = "sourceName";
        public static final String APP = "app";
        public static final String INSTANCE_ID = "instanceId";
        public static final String NODE_ID = "nodeId";
        public static final String LEVEL = "level";
        public static final String MESSAGE = "message";
        public static final String RECEIVED_AT = "receivedAt";

        private Fields() {
        }
    }
}
