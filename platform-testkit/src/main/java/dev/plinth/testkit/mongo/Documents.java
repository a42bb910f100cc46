package dev.plinth.testkit.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.plinth.testkit.wait.Waits;
import org.bson.Document;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/** Waits on the documents node-manager and the agents write. */
public final class Documents {

    private Documents() {
    }

    /**
     * Waits until the document with this id satisfies the condition; fails at once when it is an
     * instance that has ended (FAILED or EXITED) instead.
     *
     * @return the document as it satisfied the condition
     */
    public static Document await(MongoCollection<Document> collection, String id, Predicate<Document> condition, String what,
                                 Duration timeout) {
        AtomicReference<Document> last = new AtomicReference<>();
        return Waits.until(what, timeout, () -> {
            Document found = collection.find(Filters.eq("_id", id)).first();
            last.set(found);
            if (found != null && condition.test(found)) {
                return found;
            }
            if (found != null && List.of("FAILED", "EXITED").contains(found.getString("state"))) {
                throw new AssertionError(what + ": it ended " + found.toJson());
            }
            return null;
        }, () -> last.get() == null ? "no document" : last.get().toJson());
    }
}
