package dev.plinth.deployer.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.bson.Document;

import java.time.Duration;
import java.time.Instant;

/**
 * The {@code leases} collection: {@code {_id: name, holder, until}}. A lease is taken or renewed
 * with one atomic {@code findOneAndUpdate} that only matches when the caller holds it already or
 * it has expired. The first lease of a name is created by an insert, which only one process can
 * win because {@code _id} is unique.
 */
@Singleton
public class LeaseRepository {

    /** The collection name. */
    public static final String COLLECTION = "leases";

    private final MongoCollection<Document> collection;

    public LeaseRepository(MongoClient client, @Value("${plinth.mongodb.database:plinth}") String database) {
        this.collection = client.getDatabase(database).getCollection(COLLECTION);
    }

    /**
     * Takes or renews a lease.
     *
     * @param name     the lease
     * @param holder   who asks
     * @param now      the time now
     * @param duration how long it holds from now
     * @return true when {@code holder} holds it until {@code now + duration}
     */
    public boolean acquire(String name, String holder, Instant now, Duration duration) {
        Document renewed = collection.findOneAndUpdate(
                Filters.and(Filters.eq("_id", name),
                        Filters.or(Filters.eq("holder", holder), Filters.lte("until", Fields.date(now)))),
                Updates.combine(Updates.set("holder", holder), Updates.set("until", Fields.date(now.plus(duration)))),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        if (renewed != null) {
            return true;
        }
        if (collection.countDocuments(Filters.eq("_id", name)) > 0) {
            return false;
        }
        try {
            collection.insertOne(new Document("_id", name).append("holder", holder)
                    .append("until", Fields.date(now.plus(duration))));
            return true;
        } catch (MongoWriteException e) {
            // Another process created it first.
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    /** Gives a lease up at once, if {@code holder} holds it, so another process need not wait for it to expire. */
    public void release(String name, String holder, Instant now) {
        collection.updateOne(Filters.and(Filters.eq("_id", name), Filters.eq("holder", holder)),
                Updates.set("until", Fields.date(now)));
    }

    /** @return who holds the lease now, or null when nobody does */
    public String holder(String name, Instant now) {
        Document lease = collection.find(Filters.and(Filters.eq("_id", name), Filters.gt("until", Fields.date(now))))
                .first();
        return lease == null ? null : lease.getString("holder");
    }
}
