package dev.plinth.sensormanager.binding;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import dev.plinth.contracts.state.AppDocument;
import dev.plinth.contracts.state.Collections;
import dev.plinth.contracts.state.DeploymentDocument;
import dev.plinth.kit.errors.ApiException;
import dev.plinth.kit.security.Caller;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.bson.Document;

/**
 * Who may read an app's bindings and command its controllers: admins, the app's owner (the
 * {@code owner} of app-controller's {@code apps} record), and the app's own instances (an
 * {@code APP} token whose {@code app} claim is the app; the token is refused altogether once the
 * deployment it names stops). Anyone else gets 404, as for a missing app.
 *
 * <p>What they see is the bindings of one deployment: the token's for an instance, the app's active
 * one for people. Bindings are keyed by deployment, so the bindings of an earlier app of the same
 * name (deleted, its name taken by someone else) are never among them.</p>
 */
@Singleton
public class BindingAccess {

    private final MongoCollection<Document> apps;
    private final MongoCollection<Document> deployments;

    public BindingAccess(MongoDatabase database) {
        this.apps = database.getCollection(Collections.APPS);
        this.deployments = database.getCollection(Collections.DEPLOYMENTS);
    }

    /**
     * @return the deployment whose bindings the caller sees, null when the app has no active one
     * @throws ApiException 404 when the app does not exist or the caller may not see it
     */
    public @Nullable String require(Caller caller, String app) {
        if (caller.app() != null) {
            if (caller.app().equals(app) && caller.deployment() != null) {
                return caller.deployment();
            }
            throw ApiException.notFound("app '" + app + "'");
        }
        Document record = apps.find(Filters.eq(AppDocument.ID, app)).projection(Projections.include(AppDocument.OWNER)).first();
        if (record == null || !caller.mayAccess(AppDocument.read(record).owner())) {
            throw ApiException.notFound("app '" + app + "'");
        }
        Document active = deployments.find(Filters.and(Filters.eq(DeploymentDocument.APP, app), Filters.eq(DeploymentDocument.ACTIVE, true)))
                .projection(Projections.include(DeploymentDocument.ID)).first();
        return active == null ? null : DeploymentDocument.read(active).id();
    }
}
