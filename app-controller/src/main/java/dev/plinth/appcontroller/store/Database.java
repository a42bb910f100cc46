package dev.plinth.appcontroller.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoServerException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import jakarta.inject.Singleton;
import org.bson.Document;

import java.time.Instant;
import java.util.Date;

/**
 * The Plinth database as the app-controller sees it: one handle per collection, named by
 * {@link dev.plinth.contracts.state.Collections}, and the conversions every repository needs.
 */
@Singleton
public class Database {

    private final MongoDatabase database;

    public Database(MongoDatabase database) {
        this.database = database;
    }

    /** @return the database itself, for the control kit's lease */
    public MongoDatabase mongo() {
        return database;
    }

    /** @return the named collection */
    public MongoCollection<Document> collection(String name) {
        return database.getCollection(name);
    }

    /** @return the instant as a BSON date, or null */
    public static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    /** @return the BSON date field as an instant, or null when absent */
    public static Instant instant(Document document, String field) {
        Date date = document.getDate(field);
        return date == null ? null : date.toInstant();
    }

    /** @return whether a write failed because a unique key (such as {@code _id}) is taken */
    public static boolean duplicateKey(RuntimeException e) {
        return e instanceof MongoServerException server
                && ErrorCategory.fromErrorCode(server.getCode()) == ErrorCategory.DUPLICATE_KEY;
    }
}
