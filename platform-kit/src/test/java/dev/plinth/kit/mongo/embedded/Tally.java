package dev.plinth.kit.mongo.embedded;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/** A document the repository test writes: a named count and when it last went up. */
@MappedEntity("kit_tallies")
record Tally(@Id String id, long count, Instant lastAt) {
}
