package dev.plinth.nodemanager.control;

import com.mongodb.MongoWriteException;
import com.mongodb.ErrorCategory;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * A named lease in the {@code leases} collection ({@code {_id: name, holder, until}}), so that one
 * process of a subsystem runs a single-writer loop at a time. {@link #hold()} takes the lease when it
 * is free or expired and renews it when already held, in one atomic update; a holder that cannot
 * renew (MongoDB away) stops acting once its own term ends, before another can take over.
 */
public final class Lease {

    private static final Logger LOG = LoggerFactory.getLogger(Lease.class);
    /** The collection. */
    public static final String COLLECTION = "leases";

    private final MongoCollection<Document> leases;
    private final String name;
    private final String holder;
    private final Duration term;
    private final Clock clock;
    private volatile Instant heldUntil;

    /**
     * @param client   MongoDB
     * @param database the database
     * @param name     the lease, as {@code node-manager}
     * @param holder   this process
     * @param term     how long one take or renewal lasts
     * @param clock    the time
     */
    public Lease(MongoClient client, String database, String name, String holder, Duration term, Clock clock) {
        this.leases = client.getDatabase(database).getCollection(COLLECTION);
        this.name = name;
        this.holder = holder;
        this.term = term;
        this.clock = clock;
    }

    /**
     * Takes or renews the lease.
     *
     * @return whether this process holds it now
     */
    public boolean hold() {
        Instant now = clock.instant();
        try {
            Document updated = leases.findOneAndUpdate(
                    Filters.and(Filters.eq("_id", name),
                            Filters.or(Filters.eq("holder", holder), Filters.lt("until", Date.from(now)))),
                    Updates.combine(Updates.set("holder", holder), Updates.set("until", Date.from(now.plus(term)))),
                    new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
            boolean mine = updated != null && holder.equals(updated.getString("holder"));
            noteChange(mine, mine ? now.plus(term) : null);
            return mine;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                // The lease exists and someone else holds it: the upsert's insert collided.
                noteChange(false, null);
                return false;
            }
            return stillMine(now, e);
        } catch (RuntimeException e) {
            return stillMine(now, e);
        }
    }

    /** Gives the lease up, so another process takes over at once. */
    public void release() {
        try {
            leases.updateOne(Filters.and(Filters.eq("_id", name), Filters.eq("holder", holder)),
                    Updates.set("until", Date.from(clock.instant().minusSeconds(1))));
        } catch (RuntimeException e) {
            LOG.debug("cannot release lease {}: {}", name, e.getMessage());
        }
        heldUntil = null;
    }

    /** @return this process's id as a holder */
    public String holder() {
        return holder;
    }

    private boolean stillMine(Instant now, RuntimeException e) {
        Instant until = heldUntil;
        boolean mine = until != null && now.isBefore(until);
        LOG.warn("cannot renew lease {} ({}); {}", name, e.getMessage(),
                mine ? "acting until it runs out at " + until : "not acting");
        if (!mine) {
            heldUntil = null;
        }
        return mine;
    }

    private void noteChange(boolean mine, Instant until) {
        boolean had = heldUntil != null;
        if (mine && !had) {
            LOG.info("{} holds lease {}", holder, name);
        } else if (!mine && had) {
            LOG.info("{} lost lease {}", holder, name);
        }
        heldUntil = until;
    }
}
