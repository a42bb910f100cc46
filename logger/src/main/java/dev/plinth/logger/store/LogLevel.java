package dev.plinth.logger.store;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The levels of a log line, least severe first. */
public enum LogLevel {
    TRACE, DEBUG, INFO, WARN, ERROR;

    /** @return this level and every more severe one, as stored */
    public List<String> andAbove() {
        return Arrays.stream(values()).filter(l -> l.ordinal() >= ordinal()).map(Enum::name).toList();
    }

    /**
     * @param text a level as a user writes it, in any case
     * @return the level, if it is one
     */
    public static Optional<LogLevel> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(text.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The level to store for what a producer sent: the usual spellings of other logging libraries
     * map to ours, and anything unknown counts as INFO so a level filter still sees it.
     *
     * @param text the level sent, possibly null
     * @return the level to store
     */
    public static LogLevel normalize(String text) {
        if (text == null) {
            return INFO;
        }
        return switch (text.trim().toUpperCase(Locale.ROOT)) {
            case "TRACE", "FINEST", "FINER" -> TRACE;
            case "DEBUG", "FINE", "CONFIG" -> DEBUG;
            case "WARN", "WARNING" -> WARN;
            case "ERROR", "SEVERE", "FATAL", "CRITICAL" -> ERROR;
            default -> INFO;
        };
    }
}
