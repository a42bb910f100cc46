package dev.plinth.contracts.state;

import org.bson.Document;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Tolerant reads of stored field values, shared by the document types here: whoever wrote a field
 * and with whichever number type, a value that is missing or of an unexpected type reads as null,
 * zero or empty rather than failing the whole read.
 */
final class StoredFields {

    private StoredFields() {
    }

    /** @return the value's text (a value of another type as its text), or null */
    static String text(Object value) {
        return value == null ? null : value.toString();
    }

    /** @return the number as an int, or null for anything else */
    static Integer integer(Object value) {
        return value instanceof Number n ? n.intValue() : null;
    }

    /** @return the number as a long, or the fallback for anything else */
    static long longOr(Object value, long fallback) {
        return value instanceof Number n ? n.longValue() : fallback;
    }

    /** @return a BSON date (or an {@link Instant} a test wrote) as an instant, or null */
    static Instant instant(Object value) {
        if (value instanceof Date date) {
            return date.toInstant();
        }
        return value instanceof Instant instant ? instant : null;
    }

    /** @return the instant as a BSON date, or null */
    static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    /** @return the subdocument, or null for anything else */
    static Document document(Object value) {
        return value instanceof Document doc ? doc : null;
    }

    /** @return a list's non-null elements as text, or empty */
    static List<String> strings(Object value) {
        return value instanceof List<?> list ? list.stream().filter(Objects::nonNull).map(String::valueOf).toList() : List.of();
    }

    /** @return a subdocument's values as text, in stored order (null values left out), or empty */
    static Map<String, String> labels(Object value) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if (v != null) {
                    labels.put(String.valueOf(k), String.valueOf(v));
                }
            });
        }
        return labels;
    }
}
