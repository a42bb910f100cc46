package dev.plinth.sensormanager.binding;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import dev.plinth.kit.errors.ApiException;
import dev.plinth.sensormanager.Caller;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.bson.Document;

/**
 * Who may read an app's bindings and command its controllers: admins, the app's owner (the
 * {@code owner} of app-controller's {@code apps} record), and the app's own instances (an
 * {@code APP} token whose {@code app} claim is the app). Anyone else gets 404, as for a missing app.
 */
@Singleton
public class BindingAccess {

    private final MongoCollection<Document> apps;

    public BindingAccess(MongoClient client, @Value("${plinth.mongodb.database:plinth}") String database) {
        this.apps = client.getDatabase(database).getCollection("apps");
    }

    /**
     * @throws ApiException 404 when the app does not exist or the caller may not see it
     */
    public void require(Caller caller, String app) {
        if (caller.app() != null) {
            if (caller.app().equals(app)) {
                return;
            }
            throw ApiException.notFound("app '" + app + "'");
        }
        Document record = apps.find(Filters.eq("_id", app)).projection(Projections.include("owner")).first();
        if (record == null || !caller.mayAccess(record.getString("owner"))) {
            throw ApiException.notFound("app '" + app + "'");
        }
    }
}
