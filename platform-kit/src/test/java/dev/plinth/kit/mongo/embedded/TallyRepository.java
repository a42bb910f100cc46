package dev.plinth.kit.mongo.embedded;

import io.micronaut.data.mongodb.annotation.MongoFindQuery;
import io.micronaut.data.mongodb.annotation.MongoRepository;
import io.micronaut.data.mongodb.annotation.MongoUpdateQuery;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.List;

/** A Micronaut Data repository with the kinds of query Plinth's repositories use. */
@MongoRepository
interface TallyRepository extends CrudRepository<Tally, String> {

    /** One atomic update: counts once more unless the tally is already at the limit. */
    @MongoUpdateQuery(filter = "{_id: :id, count: {$lt: :limit}}", update = "{$inc: {count: 1}, $max: {lastAt: :at}}")
    long countOnce(String id, long limit, Instant at);

    @MongoFindQuery(filter = "{count: {$gte: :atLeast}}", sort = "{count: -1}")
    List<Tally> atLeast(long atLeast);
}
