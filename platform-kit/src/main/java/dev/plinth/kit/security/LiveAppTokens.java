package dev.plinth.kit.security;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import dev.plinth.contracts.state.Collections;
import dev.plinth.contracts.state.DeploymentDocument;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.token.Claims;
import io.micronaut.security.token.jwt.validator.GenericJwtClaimsValidator;
import jakarta.inject.Singleton;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An app instance's token lives as long as the deployment it was issued for, not its 30-day expiry:
 * a token with the role {@value Roles#APP} is accepted only while app-controller's {@code deployments}
 * record named by its {@value Roles#DEPLOYMENT_CLAIM} claim is active and belongs to the app of its
 * {@value Roles#APP_CLAIM} claim. So a stopped or deleted deployment's token, or one of an app whose
 * name was later taken by someone else, is refused within seconds. Answers are cached for
 * {@link #FRESH_FOR}; when MongoDB cannot answer, what was known last holds and an unknown
 * deployment is refused.
 */
@Singleton
@Requires(beans = MongoDatabase.class)
public class LiveAppTokens implements GenericJwtClaimsValidator<HttpRequest<?>> {

    /** How long an answer about a deployment is trusted. */
    public static final Duration FRESH_FOR = Duration.ofSeconds(2);
    private static final int MAX_CACHED = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(LiveAppTokens.class);

    private final MongoCollection<Document> deployments;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Known> cache = new ConcurrentHashMap<>();

    private record Known(@Nullable String app, boolean active, Instant at) {
    }

    public LiveAppTokens(MongoDatabase database) {
        this.deployments = database.getCollection(Collections.DEPLOYMENTS);
    }

    @Override
    public boolean validate(Claims claims, @Nullable HttpRequest<?> request) {
        Object roles = claims.get("roles");
        if (!(roles instanceof Collection<?> list) || !list.contains(Roles.APP)) {
            return true;
        }
        Object app = claims.get(Roles.APP_CLAIM);
        Object deployment = claims.get(Roles.DEPLOYMENT_CLAIM);
        return app != null && deployment != null && isLive(app.toString(), deployment.toString());
    }

    /** @return whether the deployment is active and is one of this app, as of a few seconds ago */
    public boolean isLive(String app, String deploymentId) {
        Instant now = clock.instant();
        Known known = cache.get(deploymentId);
        if (known == null || known.at().plus(FRESH_FOR).isBefore(now)) {
            try {
                Document active = deployments.find(Filters.and(Filters.eq(DeploymentDocument.ID, deploymentId),
                        Filters.eq(DeploymentDocument.ACTIVE, true))).projection(Projections.include(DeploymentDocument.APP)).first();
                known = new Known(active == null ? null : DeploymentDocument.read(active).app(), active != null, now);
                if (cache.size() >= MAX_CACHED) {
                    cache.clear();
                }
                cache.put(deploymentId, known);
            } catch (RuntimeException e) {
                LOG.warn("cannot check whether deployment {} is active: {}", deploymentId, e.getMessage());
                if (known == null) {
                    return false;
                }
            }
        }
        return known.active() && app.equals(known.app());
    }
}
