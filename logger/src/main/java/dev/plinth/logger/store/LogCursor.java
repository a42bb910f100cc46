package dev.plinth.logger.store;

import com.mongodb.client.model.Filters;
import dev.plinth.logger.store.StoredLog.Fields;
import org.bson.conversions.Bson;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;

/**
 * Where a page of search results ended: the time and id of its last (oldest) line. Results are
 * ordered newest first by time, then by id, so "older than the cursor" is well defined even when
 * many lines share a millisecond. Sent to clients as an opaque URL-safe string.
 *
 * @param time the last line's time
 * @param id   the last line's id
 */
public record LogCursor(Instant time, String id) {

    /** @return the cursor after this line */
    public static LogCursor after(StoredLog log) {
        return new LogCursor(log.time(), log.id());
    }

    /** @return the cursor as clients pass it back in {@code before} */
    public String encode() {
        String plain = time.toEpochMilli() + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param text what a client sent
     * @return the cursor, or empty when the text is not one this API made
     */
    public static Optional<LogCursor> decode(String text) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            int colon = plain.indexOf(':');
            if (colon <= 0 || colon == plain.length() - 1) {
                return Optional.empty();
            }
            return Optional.of(new LogCursor(Instant.ofEpochMilli(Long.parseLong(plain.substring(0, colon))),
                    plain.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** @return the query for lines after this cursor in newest-first order */
    public Bson olderThan() {
        Date at = Date.from(time);
        return Filters.or(Filters.lt(Fields.TIME, at), Filters.and(Filters.eq(Fields.TIME, at), Filters.lt("_id", id)));
    }
}
