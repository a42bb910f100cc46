package dev.plinth.kit.control;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import dev.plinth.contracts.state.Collections;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A named lease in the {@code leases} collection, {@code {_id: name, holder, until, token}}, so that
 * one process at a time does what the name stands for (the deployer's reconcile loop, node-manager's
 * placement, changes to one app).
 *
 * <ul>
 *   <li>{@link #hold()} renews the lease when this holder has it, takes it over once its
 *       {@code until} has passed, or creates it; each step is one atomic write, and the create can
 *       only be won once because {@code _id} is unique.</li>
 *   <li>{@code token} is the fencing token: it grows by one every time the lease changes hands (and
 *       never on a renewal), so a write stamped with it ({@link #fence}) is refused once a newer
 *       holder has written. A written document keeps one token per lease, under
 *       {@code leaseToken.<name>}, since several leases' holders may write one document (the deployer
 *       and node-manager both write {@code instances}) and their tokens count apart.</li>
 *   <li>{@link #isHeld()} counts the lease as held until the time the last renewal was granted for,
 *       measured on this process's clock from before the renewal was sent, so the holder never
 *       believes it holds the lease longer than the store does. A holder that cannot reach MongoDB
 *       acts until its term runs out, then stops, before another can take over.</li>
 * </ul>
 */
public final class Lease {

    private static final Logger LOG = LoggerFactory.getLogger(Lease.class);
    /** The field a fenced write stamps on the document it writes: {@code {<lease name>: token}}. */
    public static final String FENCE_FIELD = "leaseToken";

    private final MongoCollection<Document> leases;
    private final String name;
    private final String holder;
    private final Duration term;
    private final Clock clock;
    private final AtomicReference<Grant> grant = new AtomicReference<>();

    /** What this process was granted: the token of its hold and the end of its term. */
    private record Grant(long token, Instant until) {
    }

    /**
     * @param database the platform's database
     * @param name     the lease, as {@code deployer}
     * @param holder   this process, unique among every process that may ask
     * @param term     how long one take or renewal lasts
     * @param clock    the time
     */
    public Lease(MongoDatabase database, String name, String holder, Duration term, Clock clock) {
        this.leases = database.getCollection(Collections.LEASES);
        this.name = name;
        this.holder = holder;
        this.term = term;
        this.clock = clock;
    }

    /**
     * Takes or renews the lease. A fault talking to MongoDB is not thrown: the holder keeps acting
     * until its term runs out.
     *
     * @return whether this process holds it now
     */
    public boolean hold() {
        Instant now = clock.instant();
        try {
            return note(tryHold(now), now);
        } catch (RuntimeException e) {
            return stillMine(now, e);
        }
    }

    /**
     * Takes or renews the lease, as {@link #hold()}, but throws a fault talking to MongoDB.
     *
     * @return whether this process holds it now
     */
    public boolean acquire() {
        Instant now = clock.instant();
        return note(tryHold(now), now);
    }

    private boolean stillMine(Instant now, RuntimeException e) {
        Grant held = grant.get();
        boolean mine = held != null && now.isBefore(held.until());
        LOG.warn("cannot renew lease {} ({}); {}", name, e.getMessage(),
                mine ? "acting until it runs out at " + held.until() : "not acting");
        if (!mine) {
            grant.set(null);
        }
        return mine;
    }

    /** One atomic attempt: renew, take over, or create. @return the token granted, or null */
    private Long tryHold(Instant now) {
        Date until = Date.from(now.plus(term));
        Document renewed = leases.findOneAndUpdate(
                Filters.and(Filters.eq("_id", name), Filters.eq("holder", holder)),
                Updates.set("until", until),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        if (renewed != null) {
            return tokenOf(renewed);
        }
        Document taken = leases.findOneAndUpdate(
                Filters.and(Filters.eq("_id", name), Filters.lte("until", Date.from(now))),
                Updates.combine(Updates.set("holder", holder), Updates.set("until", until), Updates.inc("token", 1L)),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        if (taken != null) {
            return tokenOf(taken);
        }
        if (leases.countDocuments(Filters.eq("_id", name)) > 0) {
            return null;
        }
        try {
            leases.insertOne(new Document("_id", name).append("holder", holder).append("until", until).append("token", 1L));
            return 1L;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                // Another process created it first.
                return null;
            }
            throw e;
        }
    }

    private static long tokenOf(Document lease) {
        Object token = lease.get("token");
        // A lease written before tokens existed counts as token 0.
        return token instanceof Number n ? n.longValue() : 0L;
    }

    private boolean note(Long token, Instant now) {
        Grant before = grant.get();
        if (token == null) {
            grant.set(null);
            if (before != null) {
                // The loops that hold a lease for long say so themselves; per-object locks would be noise.
                LOG.debug("{} lost lease {}", holder, name);
            }
            return false;
        }
        grant.set(new Grant(token, now.plus(term)));
        if (before == null) {
            LOG.debug("{} holds lease {} (token {})", holder, name, token);
        }
        return true;
    }

    /** @return true while the last take or renewal holds */
    public boolean isHeld() {
        Grant held = grant.get();
        return held != null && clock.instant().isBefore(held.until());
    }

    /** @return the fencing token of this process's hold, or -1 when it does not hold the lease */
    public long token() {
        Grant held = grant.get();
        return held != null && clock.instant().isBefore(held.until()) ? held.token() : -1;
    }

    /**
     * Gives the lease up so another process takes over at once. The document stays, so the next
     * holder's token is still larger.
     */
    public void release() {
        if (grant.get() == null) {
            return;
        }
        grant.set(null);
        leases.updateOne(Filters.and(Filters.eq("_id", name), Filters.eq("holder", holder)),
                Updates.set("until", Date.from(clock.instant())));
    }

    /**
     * Gives the lease up and deletes it: for short locks on things that come and go (one app's
     * changes), whose writes are not fenced, since the next holder starts again at token 1.
     */
    public void releaseAndForget() {
        grant.set(null);
        leases.deleteOne(Filters.and(Filters.eq("_id", name), Filters.eq("holder", holder)));
    }

    /** @return who holds the lease now, or null when nobody does */
    public String currentHolder() {
        Document lease = leases.find(Filters.and(Filters.eq("_id", name), Filters.gt("until", Date.from(clock.instant()))))
                .first();
        return lease == null ? null : lease.getString("holder");
    }

    /** @return this process's id as a holder */
    public String holder() {
        return holder;
    }

    /** @return the lease's name */
    public String name() {
        return name;
    }

    /** @return the field this lease's token is stamped in, {@code leaseToken.<name>} */
    public String fenceField() {
        if (name.indexOf('.') >= 0 || name.startsWith("$")) {
            throw new IllegalStateException("lease " + name + " cannot fence writes: its name is not a field name");
        }
        return FENCE_FIELD + "." + name;
    }

    /**
     * Narrows the filter of a write to documents no newer holder has written: pair it with
     * {@link #stamp()} in the update. A write that matches nothing was fenced off, or its own
     * condition no longer held: {@link #checkFenced} tells which.
     *
     * @throws LostLease when this process does not hold the lease
     */
    public Bson fence(Bson filter) {
        long token = heldToken();
        String field = fenceField();
        return Filters.and(filter, Filters.or(Filters.exists(field, false), Filters.lte(field, token)));
    }

    /**
     * @return the update that stamps this holder's token on what it writes
     * @throws LostLease when this process does not hold the lease
     */
    public Bson stamp() {
        return Updates.set(fenceField(), heldToken());
    }

    /**
     * Stamps this holder's token on a document about to be inserted. An insert has no filter to
     * fence, so this only checks that the lease is still held; the caller says why that is enough.
     *
     * @return the document
     * @throws LostLease when this process does not hold the lease
     */
    public Document stamp(Document inserted) {
        inserted.put(FENCE_FIELD, new Document(name, heldToken()));
        return inserted;
    }

    /**
     * Tells a write the fence refused from one whose own condition no longer held: call it when a
     * fenced write matched nothing. When a newer holder has written the target, this process stops
     * counting the lease as held at once (the next {@link #hold()} asks the store again).
     *
     * @param collection where the write went
     * @param target     the document it meant, without the write's other conditions (its {@code _id})
     * @throws LostLease when this process does not hold the lease, or a newer holder wrote the target
     */
    public void checkFenced(MongoCollection<Document> collection, Bson target) {
        Grant held = grant.get();
        if (held == null || !clock.instant().isBefore(held.until())) {
            throw new LostLease(name);
        }
        long token = held.token();
        Document newer = collection.find(Filters.and(target, Filters.gt(fenceField(), token)))
                .projection(Projections.include(fenceField())).first();
        if (newer == null) {
            return;
        }
        // Only the grant this check was made under is dropped: a newer one a renewal gave meanwhile stays.
        grant.compareAndSet(held, null);
        LOG.debug("{} was fenced off lease {}: {} carries a newer holder's token", holder, name, newer.get("_id"));
        throw new LostLease(name, "a newer holder of lease " + name + " wrote " + collection.getNamespace()
                .getCollectionName() + " " + newer.get("_id"));
    }

    private long heldToken() {
        long token = token();
        if (token < 0) {
            throw new LostLease(name);
        }
        return token;
    }

    /** Thrown by a fenced write when this process no longer holds the lease. */
    public static final class LostLease extends IllegalStateException {
        public LostLease(String name) {
            super("this process no longer holds lease " + name);
        }

        public LostLease(String name, String why) {
            super("this process no longer holds lease " + name + ": " + why);
        }
    }
}
