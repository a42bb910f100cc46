package dev.plinth.deployer.store;

import org.bson.Document;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

/** Lenient reads of document fields, whoever wrote them and with whichever number type. */
final class Fields {

    private Fields() {
    }

    static long longOf(Document doc, String field, long fallback) {
        return doc.get(field) instanceof Number n ? n.longValue() : fallback;
    }

    static String stringOf(Document doc, String field) {
        Object value = doc.get(field);
        return value == null ? null : value.toString();
    }

    static Instant instantOf(Document doc, String field) {
        Object value = doc.get(field);
        if (value instanceof Date date) {
            return date.toInstant();
        }
        return value instanceof Instant instant ? instant : null;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> mapOf(Document doc, String field) {
        Object value = doc.get(field);
        return value instanceof Map<?, ?> map ? new LinkedHashMap<>((Map<String, Object>) map) : null;
    }

    static <E extends Enum<E>> E enumOf(Document doc, String field, Class<E> type, E fallback) {
        return enumOf(stringOf(doc, field), type, fallback);
    }

    /** @return the value's constant, or the fallback for a missing or unknown one */
    static <E extends Enum<E>> E enumOf(String value, Class<E> type, E fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }

    static Date date(Instant instant) {
        return Date.from(instant);
    }
}
