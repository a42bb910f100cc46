package dev.plinth.logger.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * One page of search results.
 *
 * @param records the lines, newest first
 * @param next    pass it as {@code before} for the next (older) page; null on the last page
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record LogPage(List<LogRecordView> records, @Nullable String next) {
}
